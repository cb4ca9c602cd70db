import fc from 'fast-check';

import {
  EARTH_RADIUS_METRES,
  MAX_LOCATION_POSITIONS,
  MAX_LOCATION_PROBLEMS,
  isProjectLocation,
  locationAreaHectares,
  locationBounds,
  locationCentroid,
  locationProblems,
  ringAreaSquareMetres,
  type GeoPolygon,
  type GeoPosition,
  type ProjectLocation,
} from './geo';

/** A closed axis-aligned rectangle ring, counter-clockwise. */
function box(west: number, south: number, east: number, north: number): GeoPosition[] {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

const polygon = (...rings: unknown[]) => ({ type: 'Polygon', coordinates: rings });
const multi = (...polygons: unknown[]) => ({ type: 'MultiPolygon', coordinates: polygons });

describe('locationProblems: valid locations', () => {
  const VALID: [string, unknown][] = [
    ['a point', { type: 'Point', coordinates: [2.35, 48.85] }],
    ['a point with altitude', { type: 'Point', coordinates: [2.35, 48.85, 35] }],
    ['a point on the bounds', { type: 'Point', coordinates: [180, -90] }],
    ['a point on the other bounds', { type: 'Point', coordinates: [-180, 90] }],
    ['a square, counter-clockwise', polygon(box(0, 0, 1, 1))],
    ['a square, clockwise', polygon(box(0, 0, 1, 1).reverse())],
    ['a triangle', polygon([[0, 0], [1, 0], [0, 1], [0, 0]])],
    ['a concave L', polygon([[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]])],
    ['a ring with a repeated consecutive position', polygon([[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]])],
    ['a ring repeating its first position before closing', polygon([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0]])],
    ['positions with altitudes', polygon([[0, 0, 10], [1, 0, 12], [1, 1, 11], [0, 0, 10]])],
    ['a square with a hole', polygon(box(0, 0, 10, 10), box(2, 2, 4, 4).reverse())],
    ['a square with two holes', polygon(box(0, 0, 10, 10), box(2, 2, 4, 4), box(6, 6, 8, 8))],
    ['a parcel in the Sahel (small, real-looking)', polygon([[-1.5201, 12.3701], [-1.5188, 12.3702], [-1.5187, 12.3712], [-1.5199, 12.3714], [-1.5201, 12.3701]])],
    ['a polygon touching the antimeridian', polygon(box(179, -1, 180, 1))],
    ['a MultiPolygon of two parcels', multi([box(0, 0, 1, 1)], [box(2, 0, 3, 1)])],
    ['a MultiPolygon of one parcel', multi([box(0, 0, 1, 1)])],
    ['a MultiPolygon with an island inside a hole', multi([box(0, 0, 10, 10), box(2, 2, 8, 8)], [box(4, 4, 6, 6)])],
    ['a bbox', { ...polygon(box(0, 0, 1, 1)), bbox: [0, 0, 1, 1] }],
    ['a larger bbox', { type: 'Point', coordinates: [0.5, 0.5], bbox: [-1, -1, 2, 2] }],
    ['a bbox with altitudes', { type: 'Point', coordinates: [0.5, 0.5, 3], bbox: [0, 0, 3, 1, 1, 3] }],
    ['a bbox crossing the antimeridian', { type: 'Point', coordinates: [-179.5, 0], bbox: [179, -1, -179, 1] }],
  ];

  it.each(VALID)('%s', (_name, value) => {
    expect(locationProblems(value)).toEqual([]);
    expect(isProjectLocation(value)).toBe(true);
  });
});

describe('locationProblems: invalid locations', () => {
  const bowTie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]];
  const INVALID: [string, unknown, string[]][] = [
    // Not a GeoJSON object at all.
    ['null', null, ['a location must be a GeoJSON object, got null']],
    ['undefined', undefined, ['a location must be a GeoJSON object, got nothing']],
    ['a string', 'POINT(2.35 48.85)', ['a location must be a GeoJSON object, got "POINT(2.35 48.85)"']],
    ['a number', 42, ['a location must be a GeoJSON object, got 42']],
    ['an array', [2.35, 48.85], ['a location must be a GeoJSON object, got an array']],
    // Members and types.
    ['no type', { coordinates: [0, 0] }, ['type: is missing; expected "Point", "Polygon" or "MultiPolygon"']],
    ['a numeric type', { type: 1, coordinates: [0, 0] }, ['type: must be a string, got 1']],
    ['a lower-case type', { type: 'point', coordinates: [0, 0] }, ['type: "point" is not a GeoJSON geometry type; expected "Point", "Polygon" or "MultiPolygon"']],
    [
      'a LineString',
      { type: 'LineString', coordinates: [[0, 0], [1, 1]] },
      ['type: "LineString" is not accepted for a project location; expected "Point", "Polygon" or "MultiPolygon"'],
    ],
    [
      'a Feature',
      { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} },
      [
        'geometry: is not a member of a location (only type, coordinates and bbox are accepted)',
        'properties: is not a member of a location (only type, coordinates and bbox are accepted)',
        `type: "Feature" is not accepted for a project location; expected "Point", "Polygon" or "MultiPolygon" (send the feature's geometry)`,
      ],
    ],
    [
      'a GeometryCollection',
      { type: 'GeometryCollection', geometries: [] },
      [
        'geometries: is not a member of a location (only type, coordinates and bbox are accepted)',
        'type: "GeometryCollection" is not accepted for a project location; expected "Point", "Polygon" or "MultiPolygon"',
      ],
    ],
    [
      'a crs member',
      { type: 'Point', coordinates: [0, 0], crs: { type: 'name', properties: { name: 'EPSG:3857' } } },
      ['crs: is not accepted: RFC 7946 coordinates are always WGS84 longitude/latitude'],
    ],
    [
      'a foreign member',
      { type: 'Point', coordinates: [0, 0], name: 'plot 7' },
      ['name: is not a member of a location (only type, coordinates and bbox are accepted)'],
    ],
    // Point positions.
    ['a point without coordinates', { type: 'Point' }, ['coordinates: expected a position [longitude, latitude], got nothing']],
    ['a point with string coordinates', { type: 'Point', coordinates: '2.35,48.85' }, ['coordinates: expected a position [longitude, latitude], got "2.35,48.85"']],
    ['a longitude out of range', { type: 'Point', coordinates: [200, 10] }, ['coordinates: longitude 200 is outside -180..180']],
    ['a longitude just out of range', { type: 'Point', coordinates: [-180.000001, 10] }, ['coordinates: longitude -180.000001 is outside -180..180']],
    [
      'swapped latitude and longitude',
      { type: 'Point', coordinates: [48.85, 120.5] },
      ['coordinates: latitude 120.5 is outside -90..90 (positions are [longitude, latitude]; were they swapped?)'],
    ],
    ['a latitude far out of range', { type: 'Point', coordinates: [100, 500] }, ['coordinates: latitude 500 is outside -90..90']],
    ['both out of range', { type: 'Point', coordinates: [181, -91] }, ['coordinates: longitude 181 is outside -180..180', 'coordinates: latitude -91 is outside -90..90']],
    ['a NaN longitude', { type: 'Point', coordinates: [NaN, 0] }, ['coordinates: longitude must be a finite number, got NaN']],
    ['an infinite latitude', { type: 'Point', coordinates: [0, -Infinity] }, ['coordinates: latitude must be a finite number, got -Infinity']],
    [
      'numbers as strings',
      { type: 'Point', coordinates: ['2.35', '48.85'] },
      ['coordinates: longitude must be a finite number, got "2.35"', 'coordinates: latitude must be a finite number, got "48.85"'],
    ],
    ['a null latitude', { type: 'Point', coordinates: [1, null] }, ['coordinates: latitude must be a finite number, got null']],
    ['one number', { type: 'Point', coordinates: [1] }, ['coordinates: a position has 2 or 3 numbers [longitude, latitude, altitude?], got 1 element(s)']],
    ['four numbers', { type: 'Point', coordinates: [1, 2, 3, 4] }, ['coordinates: a position has 2 or 3 numbers [longitude, latitude, altitude?], got 4 element(s)']],
    ['a bad altitude', { type: 'Point', coordinates: [1, 2, 'high'] }, ['coordinates: altitude must be a finite number, got "high"']],
    [
      'a point nested one level too deep',
      { type: 'Point', coordinates: [[1, 2]] },
      ['coordinates: expected a position [longitude, latitude], got nested arrays (one level of nesting too many)'],
    ],
    // Polygon structure.
    ['a polygon without coordinates', { type: 'Polygon' }, ['coordinates: expected an array of linear rings (arrays of positions), got nothing']],
    ['a polygon without rings', polygon(), ['coordinates: a polygon needs at least one linear ring (its outer boundary)']],
    ['a polygon whose ring is a string', polygon('0,0 1,0 1,1 0,0'), ['coordinates[0]: expected a linear ring (an array of positions), got "0,0 1,0 1,1 0,0"']],
    [
      'a ring not wrapped in an array',
      { type: 'Polygon', coordinates: box(0, 0, 1, 1) },
      ['coordinates: expected an array of linear rings (arrays of positions), got an array of positions (wrap it in another array)'],
    ],
    [
      'a position as polygon coordinates',
      { type: 'Polygon', coordinates: [0, 0] },
      ['coordinates: expected an array of linear rings (arrays of positions), got an array of numbers'],
    ],
    [
      'MultiPolygon coordinates under type Polygon',
      { type: 'Polygon', coordinates: [[box(0, 0, 1, 1)]] },
      ['coordinates: expected an array of linear rings (arrays of positions), got an array of polygons (use type "MultiPolygon")'],
    ],
    [
      'a position nested too deep inside a ring',
      polygon([[0, 0], [[1, 0]], [1, 1], [0, 0]]),
      ['coordinates[0][1]: expected a position [longitude, latitude], got nested arrays (one level of nesting too many)'],
    ],
    ['an empty ring', polygon([]), ['coordinates[0]: a linear ring needs at least 4 positions (the first repeated at the end), got 0']],
    [
      'a 3-position ring',
      polygon([[0, 0], [1, 0], [0, 0]]),
      ['coordinates[0]: a linear ring needs at least 4 positions (the first repeated at the end), got 3'],
    ],
    ['an unclosed ring', polygon([[0, 0], [1, 0], [1, 1], [0, 1]]), ['coordinates[0]: the ring is not closed: its last position must repeat its first ([0,0])']],
    [
      'a ring closed in 2D but not in altitude',
      polygon([[0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 0, 2]]),
      ['coordinates[0]: the ring is not closed: its last position must repeat its first ([0,0,1])'],
    ],
    ['a longitude out of range in a ring', polygon([[0, 0], [1, 0], [1, 1], [200, 1], [0, 0]]), ['coordinates[0][3]: longitude 200 is outside -180..180']],
    ['a NaN in a hole', polygon(box(0, 0, 10, 10), [[2, 2], [3, 2], [3, NaN], [2, 2]]), ['coordinates[1][2]: latitude must be a finite number, got NaN']],
    ['a string as position', polygon([[0, 0], '1 0', [1, 1], [0, 0]]), ['coordinates[0][1]: expected a position [longitude, latitude], got "1 0"']],
    // Polygon geometry.
    ['a bow-tie', polygon(bowTie), ['coordinates[0]: the ring intersects itself (edge coordinates[0][0]..[1] meets edge coordinates[0][2]..[3])']],
    [
      'a figure eight through a shared vertex',
      polygon([[0, 0], [1, 0], [1, 1], [2, 1], [2, 2], [1, 2], [1, 1], [0, 1], [0, 0]]),
      [
        'coordinates[0]: the ring intersects itself (edge coordinates[0][1]..[2] meets edge coordinates[0][5]..[6])',
        'coordinates[0]: the ring intersects itself (edge coordinates[0][1]..[2] meets edge coordinates[0][6]..[7])',
        'coordinates[0]: the ring intersects itself (edge coordinates[0][2]..[3] meets edge coordinates[0][5]..[6])',
        'coordinates[0]: the ring intersects itself (edge coordinates[0][2]..[3] meets edge coordinates[0][6]..[7])',
      ],
    ],
    [
      'a vertex touching another edge',
      polygon([[0, 0], [4, 0], [4, 4], [2, 0], [0, 4], [0, 0]]),
      [
        'coordinates[0]: the ring intersects itself (edge coordinates[0][0]..[1] meets edge coordinates[0][2]..[3])',
        'coordinates[0]: the ring intersects itself (edge coordinates[0][0]..[1] meets edge coordinates[0][3]..[4])',
      ],
    ],
    ['a spike', polygon([[0, 0], [2, 0], [2, 2], [2, 3], [2, 1], [0, 2], [0, 0]]), ['coordinates[0][3]: the ring turns back on itself at this position (its two edges overlap)']],
    // Out along the axis to 2, back to 1 (no turn there), on to 0 and out again.
    [
      'a flat ring',
      polygon([[0, 0], [2, 0], [1, 0], [0, 0]]),
      ['coordinates[0][0]: the ring turns back on itself at this position (its two edges overlap)', 'coordinates[0][1]: the ring turns back on itself at this position (its two edges overlap)'],
    ],
    ['one position repeated', polygon([[1, 1], [1, 1], [1, 1], [1, 1]]), ['coordinates[0]: a linear ring needs at least 3 distinct positions, got 1']],
    ['two distinct positions', polygon([[0, 0], [1, 1], [1, 1], [0, 0]]), ['coordinates[0]: a linear ring needs at least 3 distinct positions, got 2']],
    ['a hole outside the outer ring', polygon(box(0, 0, 1, 1), box(2, 2, 3, 3)), ['coordinates[1]: the hole lies outside its outer ring coordinates[0]']],
    [
      'a hole crossing the outer ring',
      polygon(box(0, 0, 4, 4), box(3, 1, 5, 2)),
      [
        'coordinates[1]: the ring touches or crosses coordinates[0] (edge coordinates[0][1]..[2] meets edge coordinates[1][0]..[1])',
        'coordinates[1]: the ring touches or crosses coordinates[0] (edge coordinates[0][1]..[2] meets edge coordinates[1][2]..[3])',
      ],
    ],
    [
      'a hole touching the outer ring at one point',
      polygon(box(0, 0, 4, 4), [[0, 2], [2, 1], [2, 3], [0, 2]]),
      [
        'coordinates[1]: the ring touches or crosses coordinates[0] (edge coordinates[0][3]..[4] meets edge coordinates[1][0]..[1])',
        'coordinates[1]: the ring touches or crosses coordinates[0] (edge coordinates[0][3]..[4] meets edge coordinates[1][2]..[3])',
      ],
    ],
    ['a hole inside another hole', polygon(box(0, 0, 10, 10), box(1, 1, 9, 9), box(2, 2, 3, 3)), ['coordinates[2]: the hole lies inside another hole, coordinates[1]']],
    // MultiPolygon.
    ['an empty MultiPolygon', multi(), ['coordinates: a MultiPolygon needs at least one polygon']],
    ['a MultiPolygon with an empty polygon', multi([box(0, 0, 1, 1)], []), ['coordinates[1]: a polygon needs at least one linear ring (its outer boundary)']],
    [
      'Polygon coordinates under type MultiPolygon',
      { type: 'MultiPolygon', coordinates: [box(0, 0, 1, 1)] },
      ['coordinates: expected an array of polygons (arrays of linear rings), got an array of linear rings (wrap it in another array, or use type "Polygon")'],
    ],
    ['a MultiPolygon with a bad position', multi([box(0, 0, 1, 1)], [[[0, 0], [1, 0], [1, 95], [0, 0]]]), ['coordinates[1][0][2]: latitude 95 is outside -90..90 (positions are [longitude, latitude]; were they swapped?)']],
    ['nested polygons', multi([box(0, 0, 10, 10)], [box(2, 2, 3, 3)]), ['coordinates[1]: the polygon overlaps coordinates[0]']],
    [
      'overlapping polygons',
      multi([box(0, 0, 2, 2)], [box(1, 1, 3, 3)]),
      [
        'coordinates[1]: the polygon touches or crosses coordinates[0] (edge coordinates[0][0][1]..[2] meets edge coordinates[1][0][0]..[1])',
        'coordinates[1]: the polygon touches or crosses coordinates[0] (edge coordinates[0][0][2]..[3] meets edge coordinates[1][0][3]..[4])',
      ],
    ],
    [
      'polygons sharing an edge',
      multi([box(0, 0, 1, 1)], [box(1, 0, 2, 1)]),
      // Each edge of one square meeting an edge of the other, at a corner or along the shared side.
      [
        'coordinates[1]: the polygon touches or crosses coordinates[0] (edge coordinates[0][0][0]..[1] meets edge coordinates[1][0][0]..[1])',
        'coordinates[1]: the polygon touches or crosses coordinates[0] (edge coordinates[0][0][0]..[1] meets edge coordinates[1][0][3]..[4])',
        'coordinates[1]: the polygon touches or crosses coordinates[0] (edge coordinates[0][0][1]..[2] meets edge coordinates[1][0][0]..[1])',
        'coordinates[1]: the polygon touches or crosses coordinates[0] (edge coordinates[0][0][1]..[2] meets edge coordinates[1][0][2]..[3])',
        'coordinates[1]: the polygon touches or crosses coordinates[0] (edge coordinates[0][0][1]..[2] meets edge coordinates[1][0][3]..[4])',
        'coordinates[1]: the polygon touches or crosses coordinates[0] (edge coordinates[0][0][2]..[3] meets edge coordinates[1][0][2]..[3])',
        'coordinates[1]: the polygon touches or crosses coordinates[0] (edge coordinates[0][0][2]..[3] meets edge coordinates[1][0][3]..[4])',
      ],
    ],
    // bbox.
    ['a bbox of 3 numbers', { type: 'Point', coordinates: [0, 0], bbox: [0, 0, 1] }, ['bbox: expected [west, south, east, north] (or 6 numbers with altitudes)']],
    ['a bbox as a string', { type: 'Point', coordinates: [0, 0], bbox: '0,0,1,1' }, ['bbox: expected [west, south, east, north] (or 6 numbers with altitudes)']],
    ['a bbox with a string', { type: 'Point', coordinates: [0, 0], bbox: [0, 0, '1', 1] }, ['bbox: every element must be a finite number']],
    ['a bbox upside down', { type: 'Point', coordinates: [0, 0], bbox: [-1, 1, 1, -1] }, ['bbox: south 1 is north of north -1']],
    ['a bbox out of range', { type: 'Point', coordinates: [0, 0], bbox: [-181, -1, 1, 91] }, ['bbox: longitude -181 is outside -180..180', 'bbox: latitude 91 is outside -90..90']],
    ['a bbox with inverted altitudes', { type: 'Point', coordinates: [0, 0, 5], bbox: [-1, -1, 9, 1, 1, 1] }, ['bbox: the lowest altitude is above the highest']],
    ['a bbox missing a position', { ...polygon(box(0, 0, 2, 2)), bbox: [0, 0, 1, 2] }, ['bbox: does not contain every position of the location (e.g. [2,0])']],
    ['a bbox on the wrong side of the antimeridian', { type: 'Point', coordinates: [0, 0], bbox: [179, -1, -179, 1] }, ['bbox: does not contain every position of the location (e.g. [0,0])']],
  ];

  it.each(INVALID)('%s', (_name, value, expected) => {
    expect(locationProblems(value)).toEqual(expected);
    expect(isProjectLocation(value)).toBe(false);
  });

  it('refuses a hole that coincides with the outer ring', () => {
    const problems = locationProblems(polygon(box(0, 0, 1, 1), box(0, 0, 1, 1)));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.startsWith('coordinates[1]: the ring touches or crosses coordinates[0]'))).toBe(true);
  });

  it('refuses more than the maximum number of positions, before looking at them', () => {
    const ring: unknown[] = Array.from({ length: MAX_LOCATION_POSITIONS + 1 }, () => 'not a position');
    expect(locationProblems(polygon(ring))).toEqual([`coordinates: too many positions (${MAX_LOCATION_POSITIONS + 1}; at most ${MAX_LOCATION_POSITIONS})`]);
    const half = Array.from({ length: MAX_LOCATION_POSITIONS / 2 + 1 }, () => [0, 0]);
    expect(locationProblems(multi([half], [half]))).toEqual([`coordinates: too many positions (${MAX_LOCATION_POSITIONS + 2}; at most ${MAX_LOCATION_POSITIONS})`]);
  });

  it('accepts exactly the maximum number of positions, and checks them in reasonable time', () => {
    // A circle-like ring: the worst sweep case is far worse, but this is the shape of real data.
    const n = MAX_LOCATION_POSITIONS - 1;
    const ring = Array.from({ length: n }, (_, k) => [Math.cos((2 * Math.PI * k) / n), Math.sin((2 * Math.PI * k) / n)]);
    ring.push(ring[0]);
    const started = performance.now();
    expect(locationProblems(polygon(ring))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it(`lists at most ${MAX_LOCATION_PROBLEMS} problems and says that more were left out`, () => {
    const ring = Array.from({ length: 30 }, (_, k) => [200 + k, 0]);
    const problems = locationProblems(polygon(ring));
    expect(problems).toHaveLength(MAX_LOCATION_PROBLEMS + 1);
    expect(problems[0]).toBe('coordinates[0][0]: longitude 200 is outside -180..180');
    expect(problems[MAX_LOCATION_PROBLEMS]).toBe(`more problems not listed (only the first ${MAX_LOCATION_PROBLEMS} are reported)`);
  });

  it('caps the problems of a zig-zag ring whose edges all cross', () => {
    // A star polygon {n/k}: every edge crosses many others.
    const n = 101;
    const ring = Array.from({ length: n }, (_, k) => [Math.cos((2 * Math.PI * 50 * k) / n), Math.sin((2 * Math.PI * 50 * k) / n)]);
    ring.push(ring[0]);
    const problems = locationProblems(polygon(ring));
    expect(problems).toHaveLength(MAX_LOCATION_PROBLEMS + 1);
    expect(problems.slice(0, -1).every((problem) => problem.startsWith('coordinates[0]: the ring intersects itself'))).toBe(true);
  });

  it('is deterministic', () => {
    const value = multi([box(0, 0, 2, 2)], [box(1, 1, 3, 3)], [box(-5, -5, 5, 5)]);
    expect(locationProblems(value)).toEqual(locationProblems(structuredClone(value)));
  });
});

describe('locationBounds', () => {
  it('is the point itself for a point', () => {
    expect(locationBounds({ type: 'Point', coordinates: [2.35, 48.85, 30] })).toEqual([2.35, 48.85, 2.35, 48.85]);
  });

  it('spans the positions of a polygon', () => {
    expect(locationBounds({ type: 'Polygon', coordinates: [[[0, 0], [3, -1], [2, 4], [0, 0]]] })).toEqual([0, -1, 3, 4]);
  });

  it('spans all the polygons of a MultiPolygon', () => {
    expect(locationBounds({ type: 'MultiPolygon', coordinates: [[box(0, 0, 1, 1)], [box(-3, 5, -2, 6)]] })).toEqual([-3, 0, 1, 6]);
  });
});

describe('locationCentroid', () => {
  it('is the point itself for a point, without its altitude', () => {
    expect(locationCentroid({ type: 'Point', coordinates: [2.35, 48.85, 30] })).toEqual([2.35, 48.85]);
  });

  it('is the centre of a rectangle, whatever its orientation', () => {
    for (const ring of [box(10, 20, 14, 22), box(10, 20, 14, 22).reverse()]) {
      const [lon, lat] = locationCentroid({ type: 'Polygon', coordinates: [ring] });
      expect(lon).toBeCloseTo(12, 12);
      expect(lat).toBeCloseTo(21, 12);
    }
  });

  it('weights by area, not by vertices', () => {
    // An L of three unit squares: centroid (5/6, 5/6), while the mean of its vertices is (1, 1).
    const [lon, lat] = locationCentroid({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] });
    expect(lon).toBeCloseTo(5 / 6, 12);
    expect(lat).toBeCloseTo(5 / 6, 12);
    // Extra vertices along an edge do not pull it.
    const [lon2, lat2] = locationCentroid({ type: 'Polygon', coordinates: [[[0, 0], [0.1, 0], [0.2, 0], [0.3, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
    expect(lon2).toBeCloseTo(0.5, 12);
    expect(lat2).toBeCloseTo(0.5, 12);
  });

  it('ignores holes', () => {
    const [lon, lat] = locationCentroid({ type: 'Polygon', coordinates: [box(0, 0, 4, 4), box(0.5, 0.5, 1.5, 1.5)] });
    expect(lon).toBeCloseTo(2, 12);
    expect(lat).toBeCloseTo(2, 12);
  });

  it('weights the polygons of a MultiPolygon by area', () => {
    // A 1×1 square centred on (0.5, 0.5) and a 3×1 rectangle centred on (11.5, 0.5).
    const [lon, lat] = locationCentroid({ type: 'MultiPolygon', coordinates: [[box(0, 0, 1, 1)], [box(10, 0, 13, 1)]] });
    expect(lon).toBeCloseTo((0.5 * 1 + 11.5 * 3) / 4, 12);
    expect(lat).toBeCloseTo(0.5, 12);
  });

  it('stays precise for a tiny parcel far from the origin', () => {
    const [lon, lat] = locationCentroid({ type: 'Polygon', coordinates: [box(179.99999, 89.99999, 180, 90)] });
    expect(lon).toBeCloseTo(179.999995, 9);
    expect(lat).toBeCloseTo(89.999995, 9);
  });

  it('falls back to the mean of the positions for a degenerate ring', () => {
    const location = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [1, 0], [0, 0]]] } as GeoPolygon;
    expect(locationCentroid(location)).toEqual([1, 0]);
  });
});

describe('areas', () => {
  const R = EARTH_RADIUS_METRES;
  const deg = Math.PI / 180;

  it('gives R²·Δλ·(sin φ₂ − sin φ₁) for a longitude/latitude rectangle', () => {
    expect(ringAreaSquareMetres(box(0, 0, 1, 1)) / (R * R * deg * Math.sin(deg))).toBeCloseTo(1, 12);
    expect(ringAreaSquareMetres(box(0, 0, 1, 1)) / 1e6).toBeCloseTo(12_364, 0);
    expect(ringAreaSquareMetres(box(5, 40, 7, 45)) / (R * R * 2 * deg * (Math.sin(45 * deg) - Math.sin(40 * deg)))).toBeCloseTo(1, 12);
  });

  it('is exact for a sloping edge: the triangle (0,0) (1°,0) (0,1°) covers R²(1 − cos 1°)', () => {
    expect(ringAreaSquareMetres([[0, 0], [1, 0], [0, 1], [0, 0]]) / (R * R * (1 - Math.cos(deg)))).toBeCloseTo(1, 9);
  });

  it('gives a hemisphere for the northern half of the longitude/latitude plane', () => {
    expect(ringAreaSquareMetres(box(-180, 0, 180, 90)) / (2 * Math.PI * R * R)).toBeCloseTo(1, 12);
  });

  it('measures a one-hectare square near Paris within 0.1 %', () => {
    const side = 100 / (R * deg);
    const lat = 48.85;
    const ring = box(2.35, lat, 2.35 + side / Math.cos(lat * deg), lat + side);
    expect(ringAreaSquareMetres(ring) / 10_000).toBeCloseTo(1, 3);
    expect(locationAreaHectares({ type: 'Polygon', coordinates: [ring] })).toBeCloseTo(1, 3);
  });

  it('subtracts holes and adds polygons', () => {
    const outer = box(0, 0, 0.01, 0.01);
    const hole = box(0.002, 0.002, 0.004, 0.004);
    const expected = (ringAreaSquareMetres(outer) - ringAreaSquareMetres(hole)) / 10_000;
    expect(locationAreaHectares({ type: 'Polygon', coordinates: [outer, hole] })).toBeCloseTo(expected, 9);
    expect(locationAreaHectares({ type: 'MultiPolygon', coordinates: [[outer, hole], [box(1, 1, 1.01, 1.01)]] })).toBeCloseTo(
      expected + ringAreaSquareMetres(box(1, 1, 1.01, 1.01)) / 10_000,
      9,
    );
  });

  it('is zero for a point and for a degenerate ring', () => {
    expect(locationAreaHectares({ type: 'Point', coordinates: [0, 0] })).toBe(0);
    expect(ringAreaSquareMetres([[0, 0], [1, 1], [0, 0]])).toBe(0);
  });
});

describe('properties', () => {
  /** A convex ring: distinct whole-degree angles, sorted, on a circle (closed). */
  const convexRing = (centre: { lon: [number, number]; lat: [number, number] } = { lon: [-170, 170], lat: [-80, 80] }) =>
    fc
      .record({
        lon: fc.double({ min: centre.lon[0], max: centre.lon[1], noNaN: true }),
        lat: fc.double({ min: centre.lat[0], max: centre.lat[1], noNaN: true }),
        radius: fc.double({ min: 0.001, max: 5, noNaN: true }),
        angles: fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 40 }),
      })
      .map(({ lon, lat, radius, angles }) => {
        const ring: GeoPosition[] = [...angles]
          .sort((a, b) => a - b)
          .map((angle) => [lon + radius * Math.cos(angle * (Math.PI / 180)), lat + radius * Math.sin(angle * (Math.PI / 180))]);
        ring.push([...ring[0]]);
        return { ring, lon, lat, radius };
      });

  const asPolygon = (ring: GeoPosition[]): GeoPolygon => ({ type: 'Polygon', coordinates: [ring] });

  it('random convex polygons are valid, with a positive area and their centroid inside their bounds', () => {
    fc.assert(
      fc.property(convexRing(), ({ ring }) => {
        const location = asPolygon(ring);
        expect(locationProblems(location)).toEqual([]);
        expect(ringAreaSquareMetres(ring)).toBeGreaterThan(0);
        const [west, south, east, north] = locationBounds(location);
        const [lon, lat] = locationCentroid(location);
        expect(lon).toBeGreaterThanOrEqual(west);
        expect(lon).toBeLessThanOrEqual(east);
        expect(lat).toBeGreaterThanOrEqual(south);
        expect(lat).toBeLessThanOrEqual(north);
      }),
    );
  });

  it('reversing a ring keeps it valid and keeps its area', () => {
    fc.assert(
      fc.property(convexRing(), ({ ring }) => {
        const reversed = [...ring].reverse();
        expect(locationProblems(asPolygon(reversed))).toEqual([]);
        const area = ringAreaSquareMetres(ring);
        expect(Math.abs(ringAreaSquareMetres(reversed) - area)).toBeLessThanOrEqual(area * 1e-9);
      }),
    );
  });

  it('a convex ring shrunk towards its centroid is a valid hole, in either orientation', () => {
    fc.assert(
      fc.property(convexRing(), fc.boolean(), ({ ring }, reverse) => {
        // The centroid of a convex ring is inside it, so the half-size copy is strictly inside.
        const [lon, lat] = locationCentroid(asPolygon(ring));
        const hole = ring.map(([x, y]): GeoPosition => [lon + (x - lon) / 2, lat + (y - lat) / 2]);
        expect(locationProblems({ type: 'Polygon', coordinates: [ring, reverse ? hole.reverse() : hole] })).toEqual([]);
      }),
    );
  });

  it('translating a valid polygon within the bounds keeps it valid, and a longitude shift keeps its area', () => {
    fc.assert(
      fc.property(
        convexRing({ lon: [-160, 160], lat: [-70, 70] }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        ({ ring }, dx, dy) => {
          const moved = ring.map(([x, y]): GeoPosition => [x + dx, y + dy]);
          expect(locationProblems(asPolygon(moved))).toEqual([]);
          const shifted = ring.map(([x, y]): GeoPosition => [x + dx, y]);
          const area = ringAreaSquareMetres(ring);
          expect(Math.abs(ringAreaSquareMetres(shifted) - area)).toBeLessThanOrEqual(area * 1e-6);
        },
      ),
    );
  });

  it('swapping longitude and latitude is detected when the longitude is beyond ±90', () => {
    const farEastOrWest = fc.oneof(convexRing({ lon: [96, 170], lat: [-80, 80] }), convexRing({ lon: [-170, -96], lat: [-80, 80] }));
    fc.assert(
      fc.property(farEastOrWest, ({ ring }) => {
        const swapped = ring.map(([lon, lat]): GeoPosition => [lat, lon]);
        const problems = locationProblems(asPolygon(swapped));
        expect(problems.length).toBeGreaterThan(0);
        expect(problems[0]).toMatch(/^coordinates\[0\]\[0\]: latitude -?[\d.e-]+ is outside -90\.\.90 \(positions are \[longitude, latitude\]; were they swapped\?\)$/);
      }),
    );
  });

  it('any point within the bounds is valid and any point outside is not', () => {
    const lon = fc.double({ min: -180, max: 180, noNaN: true });
    const lat = fc.double({ min: -90, max: 90, noNaN: true });
    fc.assert(fc.property(lon, lat, (x, y) => isProjectLocation({ type: 'Point', coordinates: [x, y] })));
    const outside = fc.oneof(
      fc.tuple(fc.double({ min: 180, max: 1e6, minExcluded: true, noNaN: true }), lat),
      fc.tuple(fc.double({ min: -1e6, max: -180, maxExcluded: true, noNaN: true }), lat),
      fc.tuple(lon, fc.double({ min: 90, max: 1e6, minExcluded: true, noNaN: true })),
      fc.tuple(lon, fc.double({ min: -1e6, max: -90, maxExcluded: true, noNaN: true })),
    );
    fc.assert(fc.property(outside, (position) => !isProjectLocation({ type: 'Point', coordinates: position })));
  });

  it('never throws, whatever the input, and always answers with strings', () => {
    const geometryish = fc.record(
      {
        type: fc.constantFrom('Point', 'Polygon', 'MultiPolygon', 'LineString', 'Feature', 42),
        coordinates: fc.oneof(
          fc.anything(),
          fc.array(fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 8 }), { maxLength: 3 }),
          fc.array(fc.array(fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null)), { maxLength: 4 }), { maxLength: 8 }), { maxLength: 3 }),
        ),
        bbox: fc.anything(),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), geometryish), (value) => {
        const problems = locationProblems(value);
        expect(Array.isArray(problems)).toBe(true);
        expect(problems.every((problem) => typeof problem === 'string' && problem.length > 0)).toBe(true);
        expect(problems.length).toBeLessThanOrEqual(MAX_LOCATION_PROBLEMS + 1);
      }),
    );
  });

  it('measures only valid locations: bounds and centroid are finite for every valid location', () => {
    const location: fc.Arbitrary<ProjectLocation> = fc.oneof(
      fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })).map(
        (coordinates): ProjectLocation => ({ type: 'Point', coordinates }),
      ),
      convexRing().map(({ ring }): ProjectLocation => asPolygon(ring)),
    );
    fc.assert(
      fc.property(location, (value) => {
        expect(locationProblems(value)).toEqual([]);
        expect(locationBounds(value).every(Number.isFinite)).toBe(true);
        expect(locationCentroid(value).every(Number.isFinite)).toBe(true);
        expect(Number.isFinite(locationAreaHectares(value))).toBe(true);
      }),
    );
  });
});
