import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException } from './domain-exception';

export interface FieldError {
  /** dotted path of the field, e.g. `location.coordinates.0` */
  field: string;
  /** the rules it broke, e.g. `isEmail`, `whitelistValidation` (an unknown field) */
  rules: string[];
  messages: string[];
}

/** When a value has the wrong type, its range or format messages are noise: report the type only. */
const TYPE_RULES = ['isInt', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isObject', 'isDateString', 'isUuid'];

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    const typeRules = Object.keys(constraints).filter((rule) => TYPE_RULES.includes(rule));
    const rules = typeRules.length > 0 ? typeRules : Object.keys(constraints);
    if (rules.length > 0) {
      out.push({ field, rules, messages: rules.map((rule) => constraints[rule]) });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/**
 * Deeper than any body of the API. class-transformer and class-validator recurse once per
 * level, so a body nested thousands of levels deep would overflow the stack (a 500).
 */
export const MAX_INPUT_DEPTH = 64;

/** Whether `value` (parsed JSON, so without cycles) has objects or arrays nested deeper than `max`. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) pending.push({ node: child, depth: depth + 1 });
  }
  return false;
}

class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && nestedDeeperThan(value, MAX_INPUT_DEPTH)) {
      throw new DomainException('MALFORMED_REQUEST', `The ${metadata.type} is nested deeper than ${MAX_INPUT_DEPTH} levels`);
    }
    return super.transform(value, metadata);
  }
}

/** Whitelist, refuse unknown fields, transform to DTO classes; field errors in `details.fields`. */
export function createValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new DomainException('VALIDATION_FAILED', `Invalid input: ${fields.map((f) => f.field).join(', ')}`, { fields });
    },
  });
}
