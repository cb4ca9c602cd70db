import { ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, ValidateNested } from 'class-validator';
import { DomainException } from './domain-exception';
import { createValidationPipe, flattenValidationErrors, MAX_INPUT_DEPTH, nestedDeeperThan, pathOfNulCharacter } from './validation';

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

  it('refuses a body nested 10,000 levels deep with MALFORMED_REQUEST instead of overflowing the stack', async () => {
    const pipe = createValidationPipe();
    for (const text of ['['.repeat(10_000) + ']'.repeat(10_000), `{"count":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`]) {
      const error = (await pipe.transform(JSON.parse(text), { type: 'body', metatype: Outer }).catch((e: unknown) => e)) as DomainException;
      expect(error).toBeInstanceOf(DomainException);
      expect(error.code).toBe('MALFORMED_REQUEST');
    }
    // one level short of the limit still reaches validation (and its field errors)
    const shallow = (await pipe.transform({ count: JSON.parse('['.repeat(MAX_INPUT_DEPTH - 1) + ']'.repeat(MAX_INPUT_DEPTH - 1)) }, { type: 'body', metatype: Outer }).catch((e: unknown) => e)) as DomainException;
    expect(shallow.code).toBe('VALIDATION_FAILED');
  });

  it('measures nesting by objects and arrays, not by scalars', () => {
    expect(nestedDeeperThan('x', 0)).toBe(false);
    expect(nestedDeeperThan({ a: 1 }, 1)).toBe(false);
    expect(nestedDeeperThan({ a: { b: 1 } }, 1)).toBe(true);
    expect(nestedDeeperThan([[[]]], 3)).toBe(false);
    expect(nestedDeeperThan([[[[]]]], 3)).toBe(true);
  });

  it('refuses a NUL character in any string or key of a body, query or path parameter, naming the field', async () => {
    const pipe = createValidationPipe();
    const cases: Array<[unknown, 'body' | 'query' | 'param', string | undefined, string]> = [
      [{ count: 3, contacts: [{ email: 'a@b.org\u0000' }] }, 'body', undefined, 'contacts.0.email'],
      [{ count: 3, contacts: [], ['x\u0000']: 1 }, 'body', undefined, 'x\u0000'],
      [{ cursor: 'abc\u0000' }, 'query', undefined, 'cursor'],
      ['1.1\u0000', 'param', 'code', 'code'],
    ];
    for (const [value, type, data, field] of cases) {
      const error = (await pipe.transform(value, { type, metatype: type === 'param' ? String : Outer, data }).catch((e: unknown) => e)) as DomainException;
      expect(error).toBeInstanceOf(DomainException);
      expect({ code: error.code, fields: (error.details as { fields: Array<{ field: string; rules: string[] }> }).fields }).toEqual({
        code: 'VALIDATION_FAILED',
        fields: [expect.objectContaining({ field, rules: ['noNulCharacter'] })],
      });
    }
  });

  it('finds the NUL character at any depth and nothing where there is none', () => {
    expect(pathOfNulCharacter({ a: [{ b: 'ok' }, { c: 'x\u0000y' }] })).toBe('a.1.c');
    expect(pathOfNulCharacter({ a: ['\\u0000', 'é🌍', 0, null, true] })).toBeUndefined();
    expect(pathOfNulCharacter('\u0000', 'id')).toBe('id');
  });

  it('passes valid input through as an instance of the DTO', async () => {
    const value = await createValidationPipe().transform({ count: 3, contacts: [{ email: 'a@b.org' }] }, { type: 'body', metatype: Outer });
    expect(value).toBeInstanceOf(Outer);
    expect((value as Outer).contacts[0]).toBeInstanceOf(Inner);
  });
});
