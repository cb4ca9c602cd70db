import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Whitelist, refuse unknown fields, transform to DTO classes; field errors in `details.fields`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
