import fc from 'fast-check';
import { request as httpRequest, Agent } from 'node:http';
import {
  CONTENT_TYPES,
  deepNesting,
  hostileJsonValue,
  hostileString,
  HOSTILE_PATH_SEGMENTS,
  KEY_NAMES,
  MALFORMED_JSON,
  NUMERIC_STRINGS,
  PATH_TRAVERSAL,
  percentEncode,
  toJsonText,
  UNICODE_EDGES,
} from './hostile';
import { Operation, Schema, SchemaArbitraries } from './openapi-arbitraries';

/** One HTTP request as it goes on the wire, with a note of how its body was made. */
export interface FuzzRequest {
  method: string;
  /** path and query string, percent-encoded as sent */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** how the body was built (a huge body is described, not printed) */
  bodyLabel: string;
}

export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RequestContext {
  schemas: SchemaArbitraries;
  /** real values of a path parameter (already URL-safe) for an operation, e.g. ids of objects */
  pathValues(operation: Operation, param: string): string[];
  bodyLimitBytes: number;
  attachmentMaxBytes: number;
  /** files of accepted types (PDF, PNG...) to put in uploads */
  acceptedFiles: Buffer[];
}

interface Body {
  body?: Buffer;
  contentType?: string;
  label: string;
}

function jsonBody(value: unknown, label: string): Body {
  const text = toJsonText(value);
  return { body: Buffer.from(text, 'utf8'), contentType: 'application/json', label: text.length > 2000 ? `${label}: ${text.length} chars of JSON` : `${label}: ${text}` };
}

/** A JSON body of `size` bytes: one string field padded with `unit`. */
function sizedBody(size: number, unit: string): Body {
  const frame = '{"x":""}';
  const payload = unit.repeat(Math.max(0, Math.ceil((size - frame.length) / Buffer.byteLength(unit))));
  const text = `{"x":"${payload}"}`;
  return { body: Buffer.from(text, 'utf8'), contentType: 'application/json', label: `JSON of ${Buffer.byteLength(text)} bytes (field x = ${JSON.stringify(unit)} × ${payload.length / unit.length})` };
}

function bodyArbitrary(operation: Operation, context: RequestContext): fc.Arbitrary<Body> {
  const limit = context.bodyLimitBytes;
  const schema = operation.body;
  const valid = schema ? context.schemas.value(schema, false).map((value) => jsonBody(value, 'schema-derived')) : fc.constant(jsonBody({}, 'empty object'));
  const mutated = schema ? context.schemas.value(schema, true).map((value) => jsonBody(value, 'schema-derived with hostile values')) : hostileJsonValue.map((value) => jsonBody(value, 'hostile JSON'));
  const extraKeys = fc
    .tuple(schema ? context.schemas.value(schema, false) : fc.constant({}), fc.constantFrom(...KEY_NAMES, 'isAdmin', 'roles', 'id', 'stage', 'version', 'ownerId'), hostileJsonValue)
    .map(([value, key, extra]) => {
      const base = value !== null && typeof value === 'object' && !Array.isArray(value) ? toJsonText(value).slice(1, -1) : '';
      const text = `{${base}${base ? ',' : ''}${JSON.stringify(key)}:${toJsonText(extra)}}`;
      return { body: Buffer.from(text, 'utf8'), contentType: 'application/json', label: `with an unknown key: ${text.length > 2000 ? `${text.length} chars` : text}` };
    });
  const malformed = fc.constantFrom(...MALFORMED_JSON).map((text): Body => ({ body: Buffer.from(text, 'utf8'), contentType: 'application/json', label: `malformed JSON: ${JSON.stringify(text)}` }));
  const deep = fc.constantFrom(deepNesting(10_000, 'array'), deepNesting(10_000, 'object'), deepNesting(100_000, 'array')).map((raw) => ({
    body: Buffer.from(raw.text),
    contentType: 'application/json',
    label: raw.label,
  }));
  const deepField = schema
    ? fc.tuple(context.schemas.value(schema, false), fc.constantFrom(...Object.keys(schemaProperties(context, schema)).concat('x')), fc.constantFrom(deepNesting(10_000, 'object'), deepNesting(10_000, 'array')))
        .map(([value, key, raw]) => {
          const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
          return { ...jsonBody({ ...object, [key]: raw }, ''), label: `field ${key} = ${raw.label}` };
        })
    : deep;
  const huge = fc.tuple(fc.constantFrom(limit - 64, limit, limit + 1, 2 * limit, 16 * limit), fc.constantFrom('a', 'é', '🌍', '\\u0000', '\\ud800')).map(([size, unit]) => sizedBody(size, unit));
  const anyText = fc.oneof(valid, mutated, malformed, extraKeys);
  const wrongType = fc.tuple(anyText, fc.constantFrom(...CONTENT_TYPES)).map(([body, contentType]) => ({ ...body, contentType: contentType || undefined, label: `${body.label} sent as ${JSON.stringify(contentType)}` }));
  const none = fc.constantFrom<Body>({ label: 'no body' }, { body: Buffer.alloc(0), contentType: 'application/json', label: 'empty body sent as JSON' });
  return fc.oneof(
    { weight: schema ? 6 : 1, arbitrary: valid },
    { weight: 6, arbitrary: mutated },
    { weight: 2, arbitrary: extraKeys },
    { weight: 2, arbitrary: malformed },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: deepField },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: wrongType },
    { weight: schema ? 1 : 4, arbitrary: none },
  );
}

function schemaProperties(context: RequestContext, schema: Schema): Record<string, Schema> {
  return context.schemas.propertiesOf(schema);
}

/* ----------------------------------------------------------------------------------------- */
/* Multipart uploads: hostile file names, types and shapes                                    */
/* ----------------------------------------------------------------------------------------- */

const HOSTILE_FILENAMES = [
  ...PATH_TRAVERSAL,
  ...UNICODE_EDGES,
  'concept-note.pdf',
  `${'a'.repeat(300)}.pdf`,
  `${'é'.repeat(150)}🌍.pdf`,
  `${'🌍'.repeat(199)}.pdf`,
  'note.pdf\u0000.exe',
  'CON',
  'nul.pdf',
  '.htaccess',
  '"quoted".pdf',
  'a;b=c.pdf',
  "'; DROP TABLE project_attachment; --.pdf",
];

interface Part {
  name: string;
  filename?: string;
  /** raw bytes of the file name in the header (for names that are not valid UTF-8) */
  rawFilename?: Buffer;
  contentType?: string;
  data: Buffer;
}

function multipartBody(boundary: string, parts: Part[], truncated: boolean): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`));
    if (part.rawFilename) chunks.push(Buffer.from('; filename="'), part.rawFilename, Buffer.from('"'));
    else if (part.filename !== undefined) chunks.push(Buffer.from(`; filename="${part.filename.replace(/"/g, '%22')}"`, 'utf8'));
    chunks.push(Buffer.from(`\r\n${part.contentType ? `Content-Type: ${part.contentType}\r\n` : ''}\r\n`), part.data, Buffer.from('\r\n'));
  }
  if (!truncated) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function uploadArbitrary(context: RequestContext): fc.Arbitrary<Body> {
  const filename = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_FILENAMES).map((name) => ({ filename: name })) },
    { weight: 1, arbitrary: hostileString.map((name) => ({ filename: name.slice(0, 2000) })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(Buffer.from([0x2e, 0x2e, 0xc0, 0xaf, 0x78]), Buffer.from([0xed, 0xa0, 0x80, 0x2e, 0x70, 0x64, 0x66]), Buffer.from([0xff, 0xfe, 0x00, 0x2f]), Buffer.from('..%2f..%2fx', 'latin1')).map((raw) => ({ filename: undefined, rawFilename: raw })),
    },
    { weight: 1, arbitrary: fc.constant({ filename: undefined }) },
  );
  const data = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...context.acceptedFiles) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.constantFrom(Buffer.alloc(0), Buffer.from('#!/bin/sh\nrm -rf /\n'), Buffer.from('%PDF-1.4 but not really'), Buffer.concat([context.acceptedFiles[0], Buffer.alloc(context.attachmentMaxBytes)])) },
  );
  const part = fc.record({ name: fc.constantFrom('file', 'file', 'other', ''), file: filename, data, contentType: fc.constantFrom(undefined, 'application/pdf', 'image/png', 'application/x-msdownload', 'text/html', '../../x') });
  return fc
    .record({
      parts: fc.array(part, { minLength: 0, maxLength: 3 }),
      boundary: fc.constantFrom('fuzzboundary', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'b'.repeat(70)),
      declared: fc.constantFrom('same', 'same', 'same', 'missing', 'other', 'not-multipart'),
      truncate: fc.constantFrom(false, false, false, false, true),
    })
    .map(({ parts, boundary, declared, truncate }) => {
      const body = multipartBody(
        boundary,
        parts.map((p) => ({ name: p.name, filename: p.file.filename, rawFilename: 'rawFilename' in p.file ? p.file.rawFilename : undefined, contentType: p.contentType, data: p.data })),
        truncate,
      );
      const contentType =
        declared === 'same' ? `multipart/form-data; boundary=${boundary}` : declared === 'missing' ? 'multipart/form-data' : declared === 'other' ? 'multipart/form-data; boundary=another' : 'application/json';
      const names = parts.map((p) => (p.file.filename !== undefined ? JSON.stringify(p.file.filename.length > 80 ? `${p.file.filename.slice(0, 60)}… (${p.file.filename.length} chars)` : p.file.filename) : 'rawFilename' in p.file && p.file.rawFilename ? `bytes ${p.file.rawFilename.toString('hex')}` : 'no filename'));
      return {
        body,
        contentType,
        label: `multipart (${contentType}${truncate ? ', truncated' : ''}): ${parts.length} part(s) ${parts.map((p, i) => `[field ${JSON.stringify(p.name)}, file ${names[i]}, ${p.data.length} bytes, ${p.contentType ?? 'no type'}]`).join(' ')}`,
      };
    });
}

/* ----------------------------------------------------------------------------------------- */
/* Path and query                                                                             */
/* ----------------------------------------------------------------------------------------- */

function pathArbitrary(operation: Operation, context: RequestContext): fc.Arbitrary<string> {
  const values = operation.pathParams.map((param) => {
    const real = context.pathValues(operation, param);
    return fc.oneof(
      { weight: real.length > 0 ? 6 : 0, arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.constant('x') },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_PATH_SEGMENTS) },
      { weight: 1, arbitrary: hostileString.map((value) => percentEncode(value.slice(0, 300)) || 'x') },
      { weight: 1, arbitrary: fc.uuid() },
    );
  });
  return fc.tuple(...values).map((chosen) => {
    let index = 0;
    return operation.template.replace(/\{(\w+)\}/g, () => chosen[index++]);
  });
}

function queryValue(context: RequestContext, name: string, schema: Operation['query'][number]['schema']): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: context.schemas.value(schema, false, `query.${name}`).map((value) => (typeof value === 'string' ? value : JSON.stringify(value))) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constantFrom(...NUMERIC_STRINGS) },
  );
}

function queryArbitrary(operation: Operation, context: RequestContext): fc.Arbitrary<string> {
  const params = operation.query.map(({ name, required, schema }) => {
    const one = queryValue(context, name, schema).map((value) => `${percentEncode(name)}=${percentEncode(value)}`);
    const repeated = fc.array(queryValue(context, name, schema), { minLength: 2, maxLength: 3 }).map((values) => values.map((value) => `${percentEncode(name)}=${percentEncode(value)}`).join('&'));
    const raw = fc.constantFrom(...HOSTILE_PATH_SEGMENTS).map((value) => `${percentEncode(name)}=${value}`);
    const present = fc.oneof({ weight: 6, arbitrary: one }, { weight: 1, arbitrary: repeated }, { weight: 1, arbitrary: raw }, { weight: 1, arbitrary: fc.constant(`${percentEncode(name)}`) });
    return required ? fc.oneof({ weight: 8, arbitrary: present }, { weight: 1, arbitrary: fc.constant('') }) : fc.oneof(present, fc.constant(''));
  });
  const unknown = fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...KEY_NAMES, 'x', 'limit[]', 'a[b]'), hostileString).map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`) },
  );
  return fc.tuple(fc.tuple(...params), unknown).map(([parts, extra]) => [...parts, extra].filter(Boolean).join('&'));
}

/** Any request to `operation` (headers other than authorization included). */
export function requestArbitrary(operation: Operation, context: RequestContext): fc.Arbitrary<FuzzRequest> {
  const isUpload = operation.key === 'POST /api/projects/{id}/attachments';
  const body = operation.method === 'GET' ? fc.constant<Body>({ label: 'no body' }) : isUpload ? fc.oneof({ weight: 5, arbitrary: uploadArbitrary(context) }, { weight: 1, arbitrary: bodyArbitrary(operation, context) }) : bodyArbitrary(operation, context);
  const correlation = fc.oneof(
    { weight: 8, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('a'.repeat(129), 'abc def', '../../x', '%00', 'x'.repeat(4000), "'; DROP TABLE outbox; --") },
  );
  const accept = fc.constantFrom(undefined, undefined, undefined, 'text/html', 'application/xml', '*/*', 'application/json;q=0');
  return fc.record({ path: pathArbitrary(operation, context), query: queryArbitrary(operation, context), body, correlation, accept }).map(({ path, query, body: made, correlation: id, accept: acceptHeader }) => {
    const headers: Record<string, string> = {};
    if (made.contentType !== undefined) headers['content-type'] = made.contentType;
    if (id !== undefined) headers['x-correlation-id'] = id;
    if (acceptHeader !== undefined) headers.accept = acceptHeader;
    return { method: operation.method, url: query ? `${path}?${query}` : path, headers, body: made.body, bodyLabel: made.label };
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** Sends the request as is (no client-side encoding or parsing); fails after `timeoutMs` without an answer. */
export function send(baseUrl: string, request: FuzzRequest, authorization: string | undefined, timeoutMs = 15_000): Promise<FuzzResponse> {
  const { hostname, port } = new URL(baseUrl);
  const headers: Record<string, string | number> = { ...request.headers };
  if (authorization) headers.authorization = authorization;
  if (request.body) headers['content-length'] = request.body.length;
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = httpRequest({ host: hostname, port, method: request.method, path: request.url, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => {
        if (!settled) reject(error);
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // The server may answer (413) and close before a huge body is written whole; the answer counts.
    req.on('error', (error) => {
      if (!settled) reject(error);
    });
    if (request.body) req.end(request.body);
    else req.end();
  });
}

export function closeAgent(): void {
  agent.destroy();
}

/** Long URLs and headers are cut in the middle (the failure message says how long they were). */
function shorten(text: string, max = 600): string {
  return text.length <= max ? text : `${text.slice(0, max / 2)}…(${text.length} chars)…${text.slice(-max / 4)}`;
}

/** The request as a command line to replay it (the body is printed when short, else described). */
export function describeRequest(baseUrl: string, request: FuzzRequest, role: string): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `-H ${JSON.stringify(`${name}: ${shorten(value)}`)}`);
  const body = request.body && request.body.length <= 4000 ? ` --data-binary ${JSON.stringify(request.body.toString('utf8'))}` : '';
  return [
    `curl -X ${request.method} ${JSON.stringify(`${baseUrl}${shorten(request.url)}`)} ${headers.join(' ')}${role === 'anonymous' ? '' : ` -H "authorization: Bearer <${role} token>"`}${body}`,
    `body: ${request.bodyLabel}${request.body ? ` (${request.body.length} bytes, first bytes in hex: ${request.body.subarray(0, 64).toString('hex')}${request.body.length > 64 ? '…' : ''})` : ''}`,
  ].join('\n');
}
