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

/**
 * The dotted path of the first string (value or key) holding U+0000, if any. PostgreSQL stores
 * no NUL character in text or jsonb, so such a value would fail at the database (a 500).
 */
export function pathOfNulCharacter(value: unknown, path = ''): string | undefined {
  const pending: Array<{ node: unknown; path: string }> = [{ node: value, path }];
  while (pending.length > 0) {
    const { node, path: at } = pending.pop()!;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return at;
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const next = at ? `${at}.${key}` : key;
        if (key.includes('\u0000')) return next;
        pending.push({ node: child, path: next });
      }
    }
  }
  return undefined;
}

class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && nestedDeeperThan(value, MAX_INPUT_DEPTH)) {
      throw new DomainException('MALFORMED_REQUEST', `The ${metadata.type} is nested deeper than ${MAX_INPUT_DEPTH} levels`);
    }
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const field = pathOfNulCharacter(value, metadata.type === 'param' && typeof value === 'string' ? (metadata.data ?? '') : '');
      if (field !== undefined) {
        const message = `${field || metadata.type} must not contain the NUL character (U+0000)`;
        throw new DomainException('VALIDATION_FAILED', `Invalid input: ${field || metadata.type}`, { fields: [{ field: field || metadata.type, rules: ['noNulCharacter'], messages: [message] }] });
      }
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
