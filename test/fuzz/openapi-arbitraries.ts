import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostileJsonValue, hostileString } from './hostile';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  pattern?: string;
  description?: string;
}

interface ParameterObject {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  /** "METHOD /path/{param}", as the access matrix spells it */
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  template: string;
  pathParams: string[];
  query: Array<{ name: string; required: boolean; schema: Schema }>;
  /** the JSON body's schema (absent: the route takes no JSON body) */
  body?: Schema;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The committed document (`openapi.json` at the repository root; `npm run openapi:check` keeps it true to the code). */
export function committedOpenApi(): OpenApiDocument {
  return JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8')) as OpenApiDocument;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase() as Operation['method'],
        template,
        pathParams: [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? { type: 'string' } })),
        body: operation.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return operations.sort((a, b) => a.key.localeCompare(b.key));
}

/** Values the world knows: ids of real objects, real e-mail addresses, criterion codes. */
export interface ValuePools {
  uuids: string[];
  emails: string[];
  passwords: string[];
  criterionCodes: string[];
}

/** Generators for free-form fields (`additionalProperties: true`), keyed "SchemaName.property". */
export type Hints = Record<string, (mutate: boolean) => fc.Arbitrary<unknown>>;

export class SchemaArbitraries {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly pools: ValuePools,
    private readonly hints: Hints,
  ) {}

  private resolve(schema: Schema): { schema: Schema; name?: string } {
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      return { schema: this.doc.components.schemas[name], name };
    }
    if (schema.allOf?.length === 1) {
      const inner = this.resolve(schema.allOf[0]);
      return { schema: { ...inner.schema, nullable: schema.nullable ?? inner.schema.nullable }, name: inner.name };
    }
    return { schema };
  }

  /** The properties of an object schema (after following a reference). */
  propertiesOf(schema: Schema): Record<string, Schema> {
    return this.resolve(schema).schema.properties ?? {};
  }

  /**
   * A value of `schema`. With `mutate`, any node may instead be a hostile value of any type
   * (so a body is mostly well formed, with a few wrong leaves).
   */
  value(given: Schema, mutate: boolean, where = '', depth = 0): fc.Arbitrary<unknown> {
    const hint = this.hints[where];
    if (hint) return hint(mutate);
    const { schema, name } = this.resolve(given);
    const normal = this.normal(schema, mutate, name ?? where, depth);
    const withNull = schema.nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: normal }) : normal;
    if (!mutate || depth === 0) return withNull;
    return fc.oneof({ weight: 1, arbitrary: hostileJsonValue }, { weight: 7, arbitrary: withNull });
  }

  private normal(schema: Schema, mutate: boolean, where: string, depth: number): fc.Arbitrary<unknown> {
    if (schema.enum) {
      const values = schema.enum.filter((value) => value !== null);
      return values.length > 0 ? fc.constantFrom(...values) : fc.constant(null);
    }
    switch (schema.type) {
      case 'string':
        return this.string(schema);
      case 'number':
      case 'integer':
        return this.number(schema);
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const item = this.value(schema.items ?? {}, mutate, `${where}[]`, depth + 1);
        const minLength = schema.minItems ?? 0;
        const maxLength = Math.min(schema.maxItems ?? minLength + 4, minLength + 4);
        return schema.uniqueItems ? fc.uniqueArray(item, { minLength, maxLength, selector: (value) => JSON.stringify(value) }) : fc.array(item, { minLength, maxLength });
      }
      default:
        return this.object(schema, mutate, where, depth);
    }
  }

  private object(schema: Schema, mutate: boolean, where: string, depth: number): fc.Arbitrary<unknown> {
    if (schema.properties) {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [property, propertySchema] of Object.entries(schema.properties)) {
        model[property] = this.value(propertySchema, mutate, `${where}.${property}`, depth + 1);
      }
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in model) });
    }
    const hint = this.hints[where];
    if (hint) return hint(mutate);
    return fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...this.pools.criterionCodes)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
  }

  private string(schema: Schema): fc.Arbitrary<string> {
    const minLength = schema.minLength ?? 0;
    const maxLength = schema.maxLength ?? Math.max(minLength, 200);
    const fit = (text: string) => (text.length < minLength ? text.padEnd(minLength, 'x') : text).slice(0, maxLength);
    const plain = fc.oneof(
      fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 30) }),
      fc.string({ unit: 'binary', minLength, maxLength: Math.min(maxLength, minLength + 30) }),
      hostileString.map(fit),
    );
    switch (schema.format) {
      case 'uuid':
        return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...this.pools.uuids) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileString });
      case 'email':
        return fc.oneof(
          fc.constantFrom(...this.pools.emails),
          fc.emailAddress().map(fit),
          fc.constantFrom('a@b', 'x\'--@example.org', 'UPPER@EXAMPLE.ORG', 'ünï@exämple.org', 'a@b.c\u0000', `${'a'.repeat(250)}@x.org`, 'a+b@example.org', '"quoted"@example.org'),
        );
      case 'date-time':
      case 'date':
        return fc.oneof(
          fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => (schema.format === 'date' ? date.toISOString().slice(0, 10) : date.toISOString())),
          fc.constantFrom('0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '2026-02-30T00:00:00Z', '2026-13-01', 'now', '', '1e309'),
        );
      default:
        break;
    }
    if (schema.pattern) {
      return fc.oneof({ weight: 3, arbitrary: fc.stringMatching(new RegExp(schema.pattern)) }, { weight: 1, arbitrary: plain });
    }
    if (minLength >= 8 || /password/i.test(schema.description ?? '')) {
      return fc.oneof(plain, fc.constantFrom(...this.pools.passwords));
    }
    return plain;
  }

  private number(schema: Schema): fc.Arbitrary<number> {
    const min = schema.minimum ?? -1_000;
    const max = schema.maximum ?? 100_000;
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) },
      { weight: 1, arbitrary: fc.constantFrom(min, max, 0, 1, 2) },
      { weight: 1, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) },
    );
  }
}
