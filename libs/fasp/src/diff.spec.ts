import fc from 'fast-check';

import { diffSnapshots, type SnapshotChange } from './diff';

// ---------------------------------------------------------------------------------------------
// Test-only helpers, written from the documented rules rather than from the implementation:
// a path parser, `applyChanges` and a canonical form that forgets the order of primitive arrays
// and of arrays matched by id.

type Segment = { key: string } | { index: number } | { id: string | number };

const TOKEN = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[id=("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\]|\[("(?:[^"\\]|\\.)*")\])/;

function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  let rest = path;
  while (rest !== '') {
    const match = TOKEN.exec(rest);
    if (!match) throw new Error(`unparseable path ${JSON.stringify(path)} at ${JSON.stringify(rest)}`);
    // A dot is required between segments, and forbidden before the first one.
    if (match[1] !== undefined && (segments.length === 0) !== !match[0].startsWith('.')) throw new Error(`misplaced dot in ${path}`);
    if (match[1] !== undefined) segments.push({ key: match[1] });
    else if (match[2] !== undefined) segments.push({ index: Number(match[2]) });
    else if (match[3] !== undefined) segments.push({ id: JSON.parse(match[3]) as string | number });
    else segments.push({ key: JSON.parse(match[4]) as string });
    rest = rest.slice(match[0].length);
  }
  return segments;
}

function renderPath(segments: Segment[]): string {
  return segments
    .map((segment, position) => {
      if ('index' in segment) return `[${segment.index}]`;
      if ('id' in segment) return `[id=${JSON.stringify(segment.id)}]`;
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment.key)) return position === 0 ? segment.key : `.${segment.key}`;
      return `[${JSON.stringify(segment.key)}]`;
    })
    .join('');
}

const isPrimitive = (value: unknown) => value === null || typeof value !== 'object';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const idOf = (value: unknown) => (isRecord(value) && Object.hasOwn(value, 'id') ? value.id : undefined);
const primitiveKey = (value: unknown) => `${typeof value}:${JSON.stringify(value)}`;

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function child(container: unknown, segment: Segment): unknown {
  if ('index' in segment) return (container as unknown[])[segment.index];
  if ('id' in segment) return (container as unknown[]).find((element) => idOf(element) === segment.id);
  const record = container as Record<string, unknown>;
  return Object.hasOwn(record, segment.key) ? record[segment.key] : undefined;
}

/**
 * Applies changes to a copy of `before`. A change whose path names an existing array and whose
 * value is a primitive is a membership change of that array; removed indices are trailing, so
 * removing one truncates.
 */
function applyChanges(before: unknown, changes: SnapshotChange[]): unknown {
  const root: Record<string, unknown> = {};
  setOwn(root, 'value', structuredClone(before));
  for (const change of changes) {
    const segments: Segment[] = [{ key: 'value' }, ...parsePath(change.path)];
    const last = segments[segments.length - 1];
    let parent: unknown = root;
    for (const segment of segments.slice(0, -1)) parent = child(parent, segment);
    const target = child(parent, last);
    const value = change.kind === 'removed' ? change.before : change.after;
    if (Array.isArray(target) && isPrimitive(value) && change.kind !== 'changed') {
      if (change.kind === 'added') target.push(value);
      else target.splice(target.findIndex((element) => primitiveKey(element) === primitiveKey(value)), 1);
    } else if ('index' in last) {
      const array = parent as unknown[];
      if (change.kind === 'removed') array.length = Math.min(array.length, last.index);
      else array[last.index] = value;
    } else if ('id' in last) {
      const array = parent as unknown[];
      const at = array.findIndex((element) => idOf(element) === last.id);
      if (change.kind === 'added') array.push(value);
      else if (change.kind === 'removed') array.splice(at, 1);
      else array[at] = value;
    } else if (change.kind === 'removed') {
      delete (parent as Record<string, unknown>)[last.key];
    } else {
      setOwn(parent as Record<string, unknown>, last.key, value);
    }
  }
  return root.value;
}

/** Sorts primitive arrays and arrays with unique ids, drops undefined members. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = Array.from(value as unknown[]);
    if (items.every(isPrimitive)) return [...items].sort((a, b) => compare(primitiveKey(a), primitiveKey(b)));
    const ids = items.map(idOf);
    if (ids.every((id) => typeof id === 'string' || typeof id === 'number') && new Set(ids.map(primitiveKey)).size === ids.length) {
      return items.map(canonical).sort((a, b) => compare(primitiveKey(idOf(a)), primitiveKey(idOf(b))));
    }
    return items.map(canonical);
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) if (value[key] !== undefined) setOwn(out, key, canonical(value[key]));
    return out;
  }
  return value;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------------------------

describe('diffSnapshots', () => {
  const CASES: [string, unknown, unknown, SnapshotChange[]][] = [
    ['identical objects', { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }, []],
    ['identical primitives', 'x', 'x', []],
    ['two nulls', null, null, []],
    ['two undefined', undefined, undefined, []],
    [
      'a changed number',
      { socBaseline: { depthCm: 30, stockTC: 52.5 } },
      { socBaseline: { depthCm: 40, stockTC: 52.5 } },
      [{ path: 'socBaseline.depthCm', kind: 'changed', before: 30, after: 40 }],
    ],
    ['a changed string at the root', 'draft', 'final', [{ path: '', kind: 'changed', before: 'draft', after: 'final' }]],
    ['a snapshot appearing', undefined, { a: 1 }, [{ path: '', kind: 'added', after: { a: 1 } }]],
    ['a snapshot disappearing', { a: 1 }, undefined, [{ path: '', kind: 'removed', before: { a: 1 } }]],
    [
      'an added and a removed key, with whole values',
      { title: 't', budget: { amount: 10, currency: 'EUR' } },
      { title: 't', partners: [{ name: 'A' }] },
      [
        { path: 'budget', kind: 'removed', before: { amount: 10, currency: 'EUR' } },
        { path: 'partners', kind: 'added', after: [{ name: 'A' }] },
      ],
    ],
    ['null is a value, missing is not', { a: null }, {}, [{ path: 'a', kind: 'removed', before: null }]],
    ['undefined members count as missing', { a: undefined, b: 1 }, { b: 1, c: undefined }, []],
    [
      'criterion codes and other keys that are not identifiers',
      { statements: { '2.2': { comment: 'old' }, '1.1': 'same' }, 'with space': 1, '0': 'zero', '': 'empty', 'é': 1, 'q"uote': 1 },
      { statements: { '2.2': { comment: 'new' }, '1.1': 'same' }, 'with space': 2, '0': 'one', '': 'full', 'é': 2, 'q"uote': 2 },
      [
        { path: '[""]', kind: 'changed', before: 'empty', after: 'full' },
        { path: '["0"]', kind: 'changed', before: 'zero', after: 'one' },
        { path: '["q\\"uote"]', kind: 'changed', before: 1, after: 2 },
        { path: 'statements["2.2"].comment', kind: 'changed', before: 'old', after: 'new' },
        { path: '["with space"]', kind: 'changed', before: 1, after: 2 },
        { path: '["é"]', kind: 'changed', before: 1, after: 2 },
      ],
    ],
    [
      'identifier-like keys with digits, underscores and dollars',
      { _a: { b2: { $c: 1 } } },
      { _a: { b2: { $c: 2 } } },
      [{ path: '_a.b2.$c', kind: 'changed', before: 1, after: 2 }],
    ],
    ['a primitive array reordered', { practices: ['agroforestry', 'cover_crops'] }, { practices: ['cover_crops', 'agroforestry'] }, []],
    [
      'a primitive array gaining and losing elements',
      { practices: ['agroforestry', 'cover_crops', 'mulching'] },
      { practices: ['no_till', 'cover_crops', 'biochar'] },
      [
        { path: 'practices', kind: 'added', after: 'biochar' },
        { path: 'practices', kind: 'added', after: 'no_till' },
        { path: 'practices', kind: 'removed', before: 'agroforestry' },
        { path: 'practices', kind: 'removed', before: 'mulching' },
      ],
    ],
    ['a primitive array from empty', { sdgs: [] }, { sdgs: [13, 2] }, [{ path: 'sdgs', kind: 'added', after: 2 }, { path: 'sdgs', kind: 'added', after: 13 }]],
    [
      'duplicates count',
      { tags: ['a', 'a', 'b'] },
      { tags: ['a', 'b', 'b'] },
      [
        { path: 'tags', kind: 'added', after: 'b' },
        { path: 'tags', kind: 'removed', before: 'a' },
      ],
    ],
    ['mixed primitive types reordered', { v: [1, '1', true, null] }, { v: [null, true, '1', 1] }, []],
    [
      'elements ordered null, booleans, numbers by value, strings',
      { v: [] },
      { v: ['b', 10, 'a', true, 2, null, false, -1] },
      [null, false, true, -1, 2, 10, 'a', 'b'].map((after) => ({ path: 'v', kind: 'added' as const, after })),
    ],
    [
      'a number and its string are different elements',
      { v: [1] },
      { v: ['1'] },
      [
        { path: 'v', kind: 'added', after: '1' },
        { path: 'v', kind: 'removed', before: 1 },
      ],
    ],
    [
      'a primitive array at the root',
      ['a', 'b'],
      ['b', 'c'],
      [
        { path: '', kind: 'added', after: 'c' },
        { path: '', kind: 'removed', before: 'a' },
      ],
    ],
    [
      'attachments matched by id, whatever their order',
      { attachments: [{ id: 'a1', title: 'Map' }, { id: 'a2', title: 'Budget' }, { id: 'a3', title: 'Letter' }] },
      { attachments: [{ id: 'a4', title: 'Photo' }, { id: 'a2', title: 'Budget 2' }, { id: 'a1', title: 'Map' }] },
      [
        { path: 'attachments[id="a2"].title', kind: 'changed', before: 'Budget', after: 'Budget 2' },
        { path: 'attachments[id="a3"]', kind: 'removed', before: { id: 'a3', title: 'Letter' } },
        { path: 'attachments[id="a4"]', kind: 'added', after: { id: 'a4', title: 'Photo' } },
      ],
    ],
    [
      'numeric ids, sorted numerically, before string ids',
      { items: [{ id: 2 }, { id: 10 }, { id: 'b' }] },
      { items: [{ id: 'b', x: 1 }] },
      [
        { path: 'items[id=2]', kind: 'removed', before: { id: 2 } },
        { path: 'items[id=10]', kind: 'removed', before: { id: 10 } },
        { path: 'items[id="b"].x', kind: 'added', after: 1 },
      ],
    ],
    [
      'id arrays from empty',
      { partners: [] },
      { partners: [{ id: 'p1', name: 'INRAE' }] },
      [{ path: 'partners[id="p1"]', kind: 'added', after: { id: 'p1', name: 'INRAE' } }],
    ],
    [
      'the id 1 and the id "1" are different elements',
      { items: [{ id: 1 }] },
      { items: [{ id: '1' }] },
      [
        { path: 'items[id=1]', kind: 'removed', before: { id: 1 } },
        { path: 'items[id="1"]', kind: 'added', after: { id: '1' } },
      ],
    ],
    [
      'objects without ids, by index',
      { partners: [{ name: 'A' }, { name: 'B' }] },
      { partners: [{ name: 'A' }, { name: 'C' }, { name: 'D' }] },
      [
        { path: 'partners[1].name', kind: 'changed', before: 'B', after: 'C' },
        { path: 'partners[2]', kind: 'added', after: { name: 'D' } },
      ],
    ],
    [
      'duplicate ids fall back to indices',
      { items: [{ id: 1, v: 'a' }, { id: 1, v: 'b' }] },
      { items: [{ id: 1, v: 'b' }] },
      [
        { path: 'items[0].v', kind: 'changed', before: 'a', after: 'b' },
        { path: 'items[1]', kind: 'removed', before: { id: 1, v: 'b' } },
      ],
    ],
    [
      'ids that are not strings or numbers fall back to indices',
      { items: [{ id: { x: 1 } }] },
      { items: [{ id: { x: 2 } }] },
      [{ path: 'items[0].id.x', kind: 'changed', before: 1, after: 2 }],
    ],
    [
      'a mix of primitives and objects, by index',
      { v: [1, { a: 1 }] },
      { v: [{ a: 1 }, 1] },
      [
        { path: 'v[0]', kind: 'changed', before: 1, after: { a: 1 } },
        { path: 'v[1]', kind: 'changed', before: { a: 1 }, after: 1 },
      ],
    ],
    [
      'indices sort numerically',
      { v: [[]] },
      { v: [[], ...Array.from({ length: 11 }, (_, i) => [i])] },
      Array.from({ length: 11 }, (_, i) => ({ path: `v[${i + 1}]`, kind: 'added' as const, after: [i] })),
    ],
    [
      'nested primitive arrays inside an index array',
      { matrix: [[1, 2], [3]] },
      { matrix: [[2, 1], [3, 4]] },
      [{ path: 'matrix[1]', kind: 'added', after: 4 }],
    ],
    ['a number becoming a string', { area: 12 }, { area: '12' }, [{ path: 'area', kind: 'changed', before: 12, after: '12' }]],
    ['an object becoming an array', { a: { x: 1 } }, { a: [1] }, [{ path: 'a', kind: 'changed', before: { x: 1 }, after: [1] }]],
    ['an array becoming null', { a: [1] }, { a: null }, [{ path: 'a', kind: 'changed', before: [1], after: null }]],
    ['null becoming an object', { a: null }, { a: {} }, [{ path: 'a', kind: 'changed', before: null, after: {} }]],
    ['an empty array becoming an empty object', { a: [] }, { a: {} }, [{ path: 'a', kind: 'changed', before: [], after: {} }]],
    ['a boolean flipping', { consent: false }, { consent: true }, [{ path: 'consent', kind: 'changed', before: false, after: true }]],
    ['-0 and 0 are the same number', { a: -0 }, { a: 0 }, []],
    ['NaN equals itself', { a: NaN }, { a: NaN }, []],
  ];

  it.each(CASES)('%s', (_name, before, after, expected) => {
    expect(diffSnapshots(before, after)).toEqual(expected);
  });

  it('orders by path, then kind', () => {
    const changes = diffSnapshots({ b: 1, a: { z: 1, y: [1] } }, { b: 2, a: { z: 2, y: [2] }, c: 1 });
    expect(changes.map(({ path, kind }) => `${path} ${kind}`)).toEqual(['a.y added', 'a.y removed', 'a.z changed', 'b changed', 'c added']);
  });

  it('treats __proto__ and constructor as ordinary keys', () => {
    const before = JSON.parse('{"__proto__": {"x": 1}, "constructor": 1}') as unknown;
    const after = JSON.parse('{"__proto__": {"x": 2}}') as unknown;
    expect(diffSnapshots(before, after)).toEqual([
      { path: '__proto__.x', kind: 'changed', before: 1, after: 2 },
      { path: 'constructor', kind: 'removed', before: 1 },
    ]);
    expect(diffSnapshots({}, JSON.parse('{"__proto__": 1}'))).toEqual([{ path: '__proto__', kind: 'added', after: 1 }]);
  });

  it('returns the snapshots’ own values', () => {
    const value = { deep: true };
    const [change] = diffSnapshots({}, { a: value });
    expect(change.after).toBe(value);
  });

  it('does not modify its inputs', () => {
    const before = { a: [3, 1, 2], b: [{ id: 2 }, { id: 1 }] };
    const after = { a: [2], b: [{ id: 1, x: 1 }] };
    const copies = structuredClone([before, after]);
    diffSnapshots(before, after);
    expect([before, after]).toEqual(copies);
  });
});

describe('the test helpers', () => {
  it('parse and render paths both ways', () => {
    const segments: Segment[] = [{ key: 'statements' }, { key: '2.2' }, { index: 3 }, { id: 'a"1' }, { id: -2.5 }, { key: '' }, { key: '_x$' }];
    expect(renderPath(segments)).toBe('statements["2.2"][3][id="a\\"1"][id=-2.5][""]._x$');
    expect(parsePath(renderPath(segments))).toEqual(segments);
    expect(() => parsePath('.a')).toThrow();
    expect(() => parsePath('a b')).toThrow();
  });

  it('apply changes', () => {
    const before = { a: 1, t: ['x', 'y'], l: [{ id: 1, v: 1 }, { id: 2 }], i: [1, { a: 1 }, 3] };
    const after = { b: 2, t: ['y', 'z'], l: [{ id: 3 }, { id: 1, v: 2 }], i: [1, { a: 2 }] };
    expect(canonical(applyChanges(before, diffSnapshots(before, after)))).toEqual(canonical(after));
  });
});

describe('diffSnapshots properties', () => {
  const KEYS = ['a', 'b', 'title', 'socBaseline', '2.2', 'with space', '0', '', 'id', '__proto__'];
  const primitive = fc.oneof(fc.constantFrom('agroforestry', 'cover_crops', 'x', ''), fc.integer({ min: -2, max: 2 }), fc.boolean(), fc.constant(null));

  const objectOf = (entries: [string, unknown][]) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of entries) setOwn(out, key, value);
    return out;
  };

  const { value: snapshot } = fc.letrec<{ value: unknown; object: Record<string, unknown>; primitives: unknown[]; withIds: unknown[]; any: unknown[] }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, primitive, tie('object'), tie('primitives'), tie('withIds'), tie('any')),
    object: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 4 }).map(objectOf),
    primitives: fc.array(primitive, { maxLength: 5 }),
    withIds: fc
      .uniqueArray(fc.tuple(fc.constantFrom<string | number>('a1', 'a2', 'a3', 1, 2), tie('object')), {
        maxLength: 4,
        selector: ([id]) => primitiveKey(id),
      })
      .map((items) => items.map(([id, object]) => ({ ...object, id }))),
    any: fc.array(tie('value'), { maxLength: 3 }),
  }));

  const DROPPED = Symbol('dropped');

  /** A variation of `value`: most parts kept, some replaced, dropped, added or reordered. */
  function variant(value: unknown, depth = 0): fc.Arbitrary<unknown> {
    const replaced = { weight: 1, arbitrary: snapshot };
    if (depth > 6) return fc.constant(value);
    if (Array.isArray(value)) {
      const kept = fc
        .tuple(
          fc.tuple(...value.map((element) => fc.option(variant(element, depth + 1), { freq: 6, nil: DROPPED }))),
          fc.array(snapshot, { maxLength: 2 }),
          fc.boolean(),
        )
        .chain(([elements, extra, shuffle]) => {
          const items = [...elements.filter((element) => element !== DROPPED), ...extra];
          return shuffle ? fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }) : fc.constant(items);
        });
      return fc.oneof({ weight: 5, arbitrary: kept }, replaced);
    }
    if (isRecord(value)) {
      const keys = Object.keys(value);
      const kept = fc
        .tuple(
          fc.tuple(...keys.map((key) => fc.option(variant(value[key], depth + 1), { freq: 6, nil: DROPPED }))),
          fc.array(fc.tuple(fc.constantFrom(...KEYS), snapshot), { maxLength: 2 }),
        )
        .map(([values, extra]) => {
          const entries: [string, unknown][] = keys.map((key, index) => [key, values[index]]);
          return objectOf([...entries.filter(([, v]) => v !== DROPPED), ...extra]);
        });
      return fc.oneof({ weight: 5, arbitrary: kept }, replaced);
    }
    return fc.oneof({ weight: 3, arbitrary: fc.constant(value) }, replaced);
  }

  /** The same snapshot with primitive arrays and id arrays reordered. */
  function reordered(value: unknown): fc.Arbitrary<unknown> {
    if (Array.isArray(value)) {
      const ids = value.map(idOf);
      const uniqueIds = ids.every((id) => typeof id === 'string' || typeof id === 'number') && new Set(ids.map(primitiveKey)).size === ids.length;
      const shuffle = value.every(isPrimitive) || uniqueIds;
      const elements = fc.tuple(...value.map(reordered));
      return shuffle ? elements.chain((items) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length })) : elements;
    }
    if (isRecord(value)) {
      const keys = Object.keys(value);
      return fc.tuple(...keys.map((key) => reordered(value[key]))).map((values) => objectOf(keys.map((key, index) => [key, values[index]])));
    }
    return fc.constant(value);
  }

  const pair = fc.oneof(
    fc.tuple(snapshot, snapshot),
    snapshot.chain((before) => fc.tuple(fc.constant(before), variant(before))),
    snapshot.chain((before) => fc.tuple(fc.constant(before), reordered(before))),
  );

  it('diff(x, x) is empty, and so is diff(x, copy of x)', () => {
    fc.assert(
      fc.property(snapshot, (value) => {
        expect(diffSnapshots(value, value)).toEqual([]);
        expect(diffSnapshots(value, structuredClone(value))).toEqual([]);
      }),
    );
  });

  it('reordering primitive arrays and id arrays is no change', () => {
    fc.assert(
      fc.property(
        snapshot.chain((before) => fc.tuple(fc.constant(before), reordered(before))),
        ([before, after]) => {
          expect(diffSnapshots(before, after)).toEqual([]);
        },
      ),
    );
  });

  it('diff(a, b) is empty exactly when a and b are equal up to the order of primitive and id arrays', () => {
    fc.assert(
      fc.property(pair, ([before, after]) => {
        const same = JSON.stringify(canonical(before)) === JSON.stringify(canonical(after));
        expect(diffSnapshots(before, after).length === 0).toBe(same);
      }),
      { numRuns: 300 },
    );
  });

  it('applying the changes to before gives after, up to the order of primitive and id arrays', () => {
    fc.assert(
      fc.property(pair, ([before, after]) => {
        expect(canonical(applyChanges(before, diffSnapshots(before, after)))).toEqual(canonical(after));
      }),
      { numRuns: 300 },
    );
  });

  it('diff(b, a) mirrors diff(a, b)', () => {
    const mirror = ({ path, kind, before, after }: SnapshotChange): SnapshotChange => {
      if (kind === 'added') return { path, kind: 'removed', before: after };
      if (kind === 'removed') return { path, kind: 'added', after: before };
      return { path, kind, before: after, after: before };
    };
    const normalise = (changes: SnapshotChange[]) => changes.map((change) => JSON.stringify(change)).sort();
    fc.assert(
      fc.property(pair, ([before, after]) => {
        expect(normalise(diffSnapshots(after, before))).toEqual(normalise(diffSnapshots(before, after).map(mirror)));
      }),
      { numRuns: 300 },
    );
  });

  it('paths parse back, entries carry the documented values, and the order is sorted and stable', () => {
    const kindOrder = { added: 0, changed: 1, removed: 2 };
    const segmentOrder = (a: Segment, b: Segment): number => {
      if ('index' in a && 'index' in b) return a.index - b.index;
      if ('key' in a && 'key' in b) return compare(a.key, b.key);
      if ('id' in a && 'id' in b) {
        if (typeof a.id !== typeof b.id) return typeof a.id === 'number' ? -1 : 1;
        return typeof a.id === 'number' ? a.id - (b.id as number) : compare(a.id, b.id as string);
      }
      throw new Error('one container mixes kinds of segments');
    };
    const pathOrder = (a: Segment[], b: Segment[]): number => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const order = segmentOrder(a[i], b[i]);
        if (order !== 0) return order;
      }
      return a.length - b.length;
    };
    fc.assert(
      fc.property(pair, ([before, after]) => {
        const changes = diffSnapshots(before, after);
        expect(diffSnapshots(before, after)).toEqual(changes);
        for (const change of changes) {
          expect(renderPath(parsePath(change.path))).toBe(change.path);
          expect(Object.keys(change).sort()).toEqual(
            change.kind === 'added' ? ['after', 'kind', 'path'] : change.kind === 'removed' ? ['before', 'kind', 'path'] : ['after', 'before', 'kind', 'path'],
          );
        }
        for (let i = 1; i < changes.length; i++) {
          const order = pathOrder(parsePath(changes[i - 1].path), parsePath(changes[i].path)) || kindOrder[changes[i - 1].kind] - kindOrder[changes[i].kind];
          expect(order).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
