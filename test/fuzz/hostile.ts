import fc from 'fast-check';

/**
 * Hostile inputs: the values attackers and broken clients send. Each list is small and named
 * so that a failure message says which kind of value did it.
 */

/** A piece of JSON text written as is (numbers JSON.stringify cannot write, deep nesting). */
export class RawJson {
  constructor(
    readonly text: string,
    readonly label: string = text.length > 60 ? `${text.slice(0, 40)}… (${text.length} chars)` : text,
  ) {}
}

/** JSON text of a value that may hold RawJson pieces; undefined properties are left out. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>).filter(([, member]) => member !== undefined);
    return `{${members.map(([key, member]) => `${JSON.stringify(key)}:${toJsonText(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const SQL_META = ["'; DROP TABLE project; --", "' OR '1'='1", '%', '_', '\\', '%_\\', '\\x00', "O'Brien", '"; SELECT pg_sleep(5); --', '$1', '::text', '--', '/*', '*/'];
export const PATH_TRAVERSAL = ['../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', 'C:\\Windows\\System32\\drivers\\etc\\hosts', '..', '.', '../', '....//....//etc/passwd', '..%2f..%2fetc%2fpasswd', '%2e%2e%2f', '..\u0000.pdf', 'file:///etc/passwd', '\\\\server\\share\\x'];
export const UNICODE_EDGES = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ude00y',
  '\u202e\u202dgnp.exe',
  '\u200f\u200e',
  'e\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z̵̡̢̛̗̘̙̜̝̞̟̠',
  '🌍🧪🇸🇳👩🏽‍🌾',
  '\ufeff',
  '\uffff\ufffe',
  '\u{10ffff}',
  '\u00c0\u00af',
  '\u00e0\u0080\u00af',
  '\u2028\u2029',
  '\u001b[31m',
  '\r\n\t\v\f',
  'ß ǅ ﬃ İ ı',
  '𝕊𝕠𝕚𝕝',
  '\u0085',
  ' ',
  '',
];
export const NUMERIC_STRINGS = ['NaN', 'Infinity', '-Infinity', '1e309', '-0', '9007199254740993', '0x1f', ' 1 ', '1_000', '١٢٣', '1.', '.5', '+1', '00000000001', '-1', '2147483648'];
export const MARKUP = ['<script>alert(1)</script>', '=HYPERLINK("http://x")', '+cmd|/c calc', '@SUM(1)', '${jndi:ldap://x/a}', '{{7*7}}', '<!--', ']]>'];
export const KEY_NAMES = ['__proto__', 'constructor', 'prototype', '$gt', 'toString', 'hasOwnProperty', '', ' ', 'a.b', 'a[0]', '\u0000'];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SQL_META),
  fc.constantFrom(...PATH_TRAVERSAL),
  fc.constantFrom(...UNICODE_EDGES),
  fc.constantFrom(...NUMERIC_STRINGS),
  fc.constantFrom(...MARKUP),
  fc.constantFrom(...KEY_NAMES),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.constantFrom(...UNICODE_EDGES, ...SQL_META), fc.string({ maxLength: 10 })).map(([edge, text]) => `${text}${edge}${text}`),
  fc.tuple(fc.constantFrom('a', 'é', '🌍', '\u0000', '\ud800', "'"), fc.constantFrom(256, 5_000, 20_001, 120_000)).map(([unit, count]) => unit.repeat(count)),
);

/** Numbers at the edges, as JSON text where JSON.stringify would not write them. */
export const EDGE_NUMBERS: RawJson[] = [
  '1e309',
  '-1e309',
  '-0',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '1e-400',
  '2147483648',
  '-2147483649',
  '4294967296',
  '0.1',
  '1.7976931348623157e308',
  '5e-324',
  '-1',
  '0',
  '1E2',
].map((text) => new RawJson(text));

export function deepNesting(levels: number, kind: 'array' | 'object'): RawJson {
  const text = kind === 'array' ? `${'['.repeat(levels)}1${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  return new RawJson(text, `${kind} nested ${levels} levels`);
}

/** A JSON value of any type but usually not the expected one. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, [], {}, [null], { $gt: '' }, new RawJson('{"__proto__":{"polluted":true}}')) },
  { weight: 1, arbitrary: fc.constantFrom(deepNesting(10_000, 'array'), deepNesting(10_000, 'object'), deepNesting(200, 'array')) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** JSON text that is not JSON, or not what a JSON body should be. */
export const MALFORMED_JSON: string[] = [
  '',
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":undefined}',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":"\\x00"}',
  '{"a":01}',
  '{"a":1,"a":2}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  'null',
  'true',
  '0',
  '"a string"',
  '[]',
  '[{}]',
  '\u0000',
  '{"a":"\u0000"}',
  '/* comment */ {}',
];

export const CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/octet-stream',
  'APPLICATION/JSON',
  'application/json;;;',
  'json',
  '*/*',
  '',
];

/** Path segments as they travel in a URL (already percent-encoded where they need to be). */
export const HOSTILE_PATH_SEGMENTS = [
  '..',
  '.',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%252f..%252f',
  '%2fetc%2fpasswd',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%C0%AF',
  '%E0%80%AF',
  '%FF%FE',
  '%',
  '%zz',
  '%u0000',
  '%27%3B%20DROP%20TABLE%20project%3B--',
  '%25',
  '_',
  '%5C',
  'null',
  'undefined',
  'NaN',
  '1e309',
  '-0',
  '9007199254740993',
  '-1',
  '0',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '00000000000040008000000000000000',
  '%7B00000000-0000-4000-8000-000000000000%7D',
  '00000000-0000-4000-8000-0000000000000',
  'a'.repeat(199),
  'a'.repeat(201),
  'a'.repeat(5000),
  'FASP-2026-0001%27',
  'FASP-9999999999-99999999999',
  '1.1%00',
  '99.99',
];

/** Percent-encodes a string as UTF-8 for a URL (lone surrogates become U+FFFD, as a browser does). */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
