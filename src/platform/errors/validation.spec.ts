import { ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, ValidateNested } from 'class-validator';
import { DomainException } from './domain-exception';
import { createValidationPipe, flattenValidationErrors } from './validation';

class Inner {
  @IsEmail()
  email: string;
}

class Outer {
  @IsInt()
  count: number;

  @ValidateNested({ each: true })
  @Type(() => Inner)
  contacts: Inner[];
}

describe('validation', () => {
  it('flattens nested errors into dotted field paths', () => {
    const errors: ValidationError[] = [
      { property: 'a', constraints: { isInt: 'a must be an integer' }, children: [] },
      { property: 'b', children: [{ property: '0', children: [{ property: 'email', constraints: { isEmail: 'bad' }, children: [] }] }] },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'a', rules: ['isInt'], messages: ['a must be an integer'] },
      { field: 'b.0.email', rules: ['isEmail'], messages: ['bad'] },
    ]);
  });

  it('the global pipe refuses unknown and mistyped fields with VALIDATION_FAILED and every field', async () => {
    const pipe = createValidationPipe();
    const attempt = pipe.transform({ count: '3', contacts: [{ email: 'x' }], admin: true }, { type: 'body', metatype: Outer });
    await expect(attempt).rejects.toBeInstanceOf(DomainException);
    const error = (await attempt.catch((e: unknown) => e)) as DomainException;
    expect(error.code).toBe('VALIDATION_FAILED');
    const fields = (error.details as { fields: Array<{ field: string; rules: string[] }> }).fields;
    expect(fields.map((f) => f.field).sort()).toEqual(['admin', 'contacts.0.email', 'count']);
    expect(fields.find((f) => f.field === 'admin')?.rules).toEqual(['whitelistValidation']);
  });

  it('passes valid input through as an instance of the DTO', async () => {
    const value = await createValidationPipe().transform({ count: 3, contacts: [{ email: 'a@b.org' }] }, { type: 'body', metatype: Outer });
    expect(value).toBeInstanceOf(Outer);
    expect((value as Outer).contacts[0]).toBeInstanceOf(Inner);
  });
});
