/**
 * Field-by-field differences between two frozen dossier snapshots (JSON trees), for showing
 * what changed since the previous version.
 *
 * Rules:
 * - Objects are compared key by key, recursively. A member whose value is `undefined` counts as
 *   absent, as it would in JSON. A key present on one side only is one `added` or `removed`
 *   change carrying the whole value (not expanded into its fields).
 * - Arrays whose elements are all primitives (strings, numbers, booleans, null), on both sides,
 *   are compared as multisets: order does not matter, and each element gained or lost is one
 *   change whose path is the array's own path, with the element as `after` or `before`
 *   (`practices` added `"cover_crops"`). With no duplicates, as usual, that is set comparison.
 * - Arrays whose elements are all objects with an `id` (a string or a finite number) unique
 *   within each array, on both sides, are matched by id: order does not matter; an element is
 *   added, removed, or compared field by field with its namesake.
 * - Other arrays are compared index by index; trailing elements are added or removed.
 * - A value changing kind (primitive, object, array) or primitive value is one `changed`.
 * - Primitives are equal when `===` says so, with NaN equal to itself (-0 equals 0, as in JSON).
 *
 * A path reads like a JavaScript accessor, so it can be parsed back unambiguously:
 * - a key that is an identifier (`[A-Za-z_$][A-Za-z0-9_$]*`) follows a dot (`socBaseline.depthCm`,
 *   no dot at the start); any other key is a JSON string in brackets (`statements["2.2"]`,
 *   `names["0"]`, `labels[""]`);
 * - an array index is a number in brackets (`partners[0].name`);
 * - an element matched by id is `[id=…]` with the id as JSON (`attachments[id="a1"].title`,
 *   `items[id=3]`);
 * - the snapshot itself is the empty path.
 *
 * Changes are sorted by path, segment by segment (indices and numeric ids numerically, keys and
 * string ids by UTF-16 code units, never by locale), then by kind (`added`, `changed`,
 * `removed`), then by element for multiset changes (null, booleans, numbers by value, strings), so
 * the output is deterministic. `before`
 * and `after` are the snapshots' own values, not copies.
 */

export type SnapshotChangeKind = 'added' | 'removed' | 'changed';

export interface SnapshotChange {
  path: string;
  kind: SnapshotChangeKind;
  /** The value before: present for `removed` and `changed`. */
  before?: unknown;
  /** The value after: present for `added` and `changed`. */
  after?: unknown;
}

type Segment = { key: string } | { index: number } | { id: string | number };

interface Found {
  segments: Segment[];
  kind: SnapshotChangeKind;
  before?: unknown;
  after?: unknown;
}

type Json = Record<string, unknown>;

/** The changes that turn `before` into `after`; empty when they are the same (see above). */
export function diffSnapshots(before: unknown, after: unknown): SnapshotChange[] {
  const found: Found[] = [];
  compare(before, after, [], found);
  found.sort(compareFound);
  return found.map(({ segments, kind, ...values }) => {
    const change: SnapshotChange = { path: renderPath(segments), kind };
    if (kind !== 'added') change.before = values.before;
    if (kind !== 'removed') change.after = values.after;
    return change;
  });
}

type Shape = 'primitive' | 'array' | 'object';

function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' && value !== null ? 'object' : 'primitive';
}

function samePrimitive(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/** Identity of a primitive for multiset counting: 1 and "1" differ, 0 and -0 do not. */
function primitiveKey(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value}:${value}`;
  }
  // Not JSON (undefined, symbols, functions): one identity per type is enough.
  return typeof value;
}

/** Own members only, so that a snapshot key such as `__proto__` or `constructor` is plain data. */
function member(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function compare(before: unknown, after: unknown, path: Segment[], out: Found[]): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    out.push({ segments: path, kind: 'added', after });
    return;
  }
  if (after === undefined) {
    out.push({ segments: path, kind: 'removed', before });
    return;
  }
  const shape = shapeOf(before);
  if (shape !== shapeOf(after) || (shape === 'primitive' && !samePrimitive(before, after))) {
    out.push({ segments: path, kind: 'changed', before, after });
    return;
  }
  if (shape === 'object') {
    const keys = new Set([...Object.keys(before as Json), ...Object.keys(after as Json)]);
    for (const key of keys) compare(member(before as Json, key), member(after as Json, key), [...path, { key }], out);
  } else if (shape === 'array') {
    compareArrays(before as unknown[], after as unknown[], path, out);
  }
}

function idOf(value: unknown): string | number | undefined {
  if (shapeOf(value) !== 'object') return undefined;
  const id = member(value as Json, 'id');
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : undefined;
}

/** Elements by id, or null when some element has no usable id or two share one. */
function byId(items: unknown[]): Map<string, { id: string | number; value: unknown }> | null {
  const map = new Map<string, { id: string | number; value: unknown }>();
  for (const value of items) {
    const id = idOf(value);
    if (id === undefined) return null;
    const key = primitiveKey(id);
    if (map.has(key)) return null;
    map.set(key, { id, value });
  }
  return map;
}

function compareArrays(before: unknown[], after: unknown[], path: Segment[], out: Found[]): void {
  // Sparse holes read as undefined, which counts as a primitive here.
  const all = (items: unknown[], test: (value: unknown) => boolean) => Array.from(items).every(test);
  const isPrimitive = (value: unknown) => shapeOf(value) === 'primitive';
  if (all(before, isPrimitive) && all(after, isPrimitive)) {
    compareMultisets(before, after, path, out);
    return;
  }
  const beforeById = byId(before);
  const afterById = byId(after);
  if (beforeById && afterById) {
    for (const [key, { id, value }] of beforeById) {
      const match = afterById.get(key);
      if (match) compare(value, match.value, [...path, { id }], out);
      else out.push({ segments: [...path, { id }], kind: 'removed', before: value });
    }
    for (const [key, { id, value }] of afterById) {
      if (!beforeById.has(key)) out.push({ segments: [...path, { id }], kind: 'added', after: value });
    }
    return;
  }
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const segments = [...path, { index }];
    if (index >= after.length) out.push({ segments, kind: 'removed', before: before[index] });
    else if (index >= before.length) out.push({ segments, kind: 'added', after: after[index] });
    else compare(before[index], after[index], segments, out);
  }
}

function compareMultisets(before: unknown[], after: unknown[], path: Segment[], out: Found[]): void {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const value of Array.from(before)) {
    const key = primitiveKey(value);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { value, count: 1 });
  }
  const gained: unknown[] = [];
  for (const value of Array.from(after)) {
    const entry = counts.get(primitiveKey(value));
    if (entry && entry.count > 0) entry.count--;
    else gained.push(value);
  }
  for (const value of gained) out.push({ segments: path, kind: 'added', after: value });
  for (const { value, count } of counts.values()) {
    for (let n = 0; n < count; n++) out.push({ segments: path, kind: 'removed', before: value });
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareSegments(a: Segment, b: Segment): number {
  if ('index' in a && 'index' in b) return a.index - b.index;
  if ('key' in a && 'key' in b) return compareStrings(a.key, b.key);
  if ('id' in a && 'id' in b) {
    if (typeof a.id === 'number' && typeof b.id === 'number') return a.id - b.id;
    if (typeof a.id === 'string' && typeof b.id === 'string') return compareStrings(a.id, b.id);
    return typeof a.id === 'number' ? -1 : 1;
  }
  // One container holds either indices, ids or keys; this only keeps the order total.
  const rank = (segment: Segment) => ('index' in segment ? 0 : 'id' in segment ? 1 : 2);
  return rank(a) - rank(b);
}

const KIND_ORDER: Record<SnapshotChangeKind, number> = { added: 0, changed: 1, removed: 2 };

function compareFound(a: Found, b: Found): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const order = compareSegments(a.segments[i], b.segments[i]);
    if (order !== 0) return order;
  }
  return (
    a.segments.length - b.segments.length ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    // Only multiset changes share a path and kind; their values are primitives.
    comparePrimitives(a.kind === 'added' ? a.after : a.before, b.kind === 'added' ? b.after : b.before)
  );
}

const TYPE_ORDER = ['undefined', 'object', 'boolean', 'number', 'bigint', 'string', 'symbol', 'function'];

/** null, then false and true, then numbers by value, then strings by code units. */
function comparePrimitives(a: unknown, b: unknown): number {
  const byType = TYPE_ORDER.indexOf(typeof a) - TYPE_ORDER.indexOf(typeof b);
  if (byType !== 0) return byType;
  if (typeof a === 'number' && typeof b === 'number') return a - b || (Number.isNaN(a) ? 1 : 0) - (Number.isNaN(b) ? 1 : 0);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return compareStrings(String(a), String(b));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function renderPath(segments: Segment[]): string {
  let path = '';
  for (const segment of segments) {
    if ('index' in segment) path += `[${segment.index}]`;
    else if ('id' in segment) path += `[id=${JSON.stringify(segment.id)}]`;
    else if (IDENTIFIER.test(segment.key)) path += path === '' ? segment.key : `.${segment.key}`;
    else path += `[${JSON.stringify(segment.key)}]`;
  }
  return path;
}
