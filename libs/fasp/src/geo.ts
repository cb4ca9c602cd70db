/**
 * Project locations: a GeoJSON geometry (RFC 7946) in WGS84 longitude/latitude, either a site
 * (`Point`), one parcel (`Polygon`) or several parcels (`MultiPolygon`).
 *
 * Decisions, so that callers know what a valid location guarantees:
 * - Accepted types are Point, Polygon and MultiPolygon. Other geometries (lines, collections)
 *   and Feature/FeatureCollection wrappers are refused with a message naming the type.
 * - Members: `type`, `coordinates` and an optional `bbox`. Foreign members (RFC 7946 §6.1) and
 *   the obsolete `crs` are refused: the location is stored and shown as is, and unknown members
 *   would travel along unseen. A `bbox` must be well formed and contain every position; it is
 *   otherwise ignored (`locationBounds` always recomputes from the coordinates).
 * - Edges are straight lines in longitude/latitude space (RFC 7946 §3.1.1), so the geometric
 *   checks are planar in degrees. Geometries crossing the antimeridian must be split, as the RFC
 *   requires; an unsplit one is read as spanning the long way round.
 * - Ring orientation is not enforced (the RFC asks parsers not to reject either winding).
 * - Consecutive repeated positions are tolerated and ignored by the geometric checks.
 * - Stricter than OGC simple features: rings of a polygon may not touch each other at all (a
 *   hole touching the outer ring at one point is refused), nor may the polygons of a
 *   MultiPolygon. Holes must lie inside their outer ring and not inside another hole; a polygon
 *   of a MultiPolygon may lie inside a hole of another one (an island in a pond), not elsewhere
 *   inside it.
 * - At most {@link MAX_LOCATION_POSITIONS} positions, which bounds the quadratic checks.
 * - Problems come in a fixed order: members, then structure (nesting, positions, closure), then
 *   geometry, examined only once the structure is right. At most {@link MAX_LOCATION_PROBLEMS}
 *   are listed, then one line saying that more were left out.
 */

/** [longitude, latitude] or [longitude, latitude, altitude], in degrees and metres. */
export type GeoPosition = [longitude: number, latitude: number] | [longitude: number, latitude: number, altitude: number];

/** [west, south, east, north], or with altitudes [west, south, low, east, north, high]. */
export type GeoBBox = [number, number, number, number] | [number, number, number, number, number, number];

export interface GeoPoint {
  type: 'Point';
  coordinates: GeoPosition;
  bbox?: GeoBBox;
}

/** The first ring is the outer boundary; the others are holes. */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: GeoPosition[][];
  bbox?: GeoBBox;
}

export interface GeoMultiPolygon {
  type: 'MultiPolygon';
  coordinates: GeoPosition[][][];
  bbox?: GeoBBox;
}

export type ProjectLocation = GeoPoint | GeoPolygon | GeoMultiPolygon;

export type LocationBounds = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** A ring as read by the measuring functions: closed, positions [lon, lat, ...]. */
export type GeoRing = readonly (readonly number[])[];

export const LOCATION_TYPES = ['Point', 'Polygon', 'MultiPolygon'] as const;

/** Largest number of positions in a location, holes and all polygons included. */
export const MAX_LOCATION_POSITIONS = 10_000;

/** `locationProblems` lists at most this many problems, then says that more were left out. */
export const MAX_LOCATION_PROBLEMS = 20;

/** Mean Earth radius (IUGG R1), the radius of the sphere used for areas. */
export const EARTH_RADIUS_METRES = 6_371_008.8;

const OTHER_GEOJSON_TYPES = ['LineString', 'MultiLineString', 'MultiPoint', 'GeometryCollection', 'Feature', 'FeatureCollection'];
const MEMBERS = new Set(['type', 'coordinates', 'bbox']);

class Problems {
  readonly list: string[] = [];
  private overflow = false;

  add(path: string, message: string): void {
    if (this.list.length < MAX_LOCATION_PROBLEMS) this.list.push(path ? `${path}: ${message}` : message);
    else this.overflow = true;
  }

  /** How many more problems can be listed. */
  get room(): number {
    return Math.max(0, MAX_LOCATION_PROBLEMS - this.list.length);
  }

  result(): string[] {
    return this.overflow ? [...this.list, `more problems not listed (only the first ${MAX_LOCATION_PROBLEMS} are reported)`] : this.list;
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short rendering of an unexpected value for a message. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * Lists what is wrong with `value` as a project location: empty when it is a valid
 * {@link ProjectLocation}. Each problem starts with the path of the offending member
 * (`coordinates[0][3]: longitude 200 is outside -180..180`). Never throws.
 */
export function locationProblems(value: unknown): string[] {
  if (!isObject(value)) return [`a location must be a GeoJSON object, got ${describe(value)}`];
  const problems = new Problems();

  for (const key of Object.keys(value).sort()) {
    if (MEMBERS.has(key)) continue;
    problems.add(
      key,
      key === 'crs'
        ? 'is not accepted: RFC 7946 coordinates are always WGS84 longitude/latitude'
        : 'is not a member of a location (only type, coordinates and bbox are accepted)',
    );
  }

  const type = value.type;
  let positions: number[][] | null = null;
  if (type === undefined) {
    problems.add('type', 'is missing; expected "Point", "Polygon" or "MultiPolygon"');
  } else if (typeof type !== 'string') {
    problems.add('type', `must be a string, got ${describe(type)}`);
  } else if (type === 'Point') {
    if (checkPosition(value.coordinates, 'coordinates', problems)) positions = [value.coordinates as number[]];
  } else if (type === 'Polygon' || type === 'MultiPolygon') {
    const polygons = checkPolygonal(type, value.coordinates, problems);
    if (polygons) {
      positions = polygons.flat(2);
      checkGeometry(polygons, type, problems);
    }
  } else if (OTHER_GEOJSON_TYPES.includes(type)) {
    const hint = type.startsWith('Feature') ? " (send the feature's geometry)" : '';
    problems.add('type', `"${type}" is not accepted for a project location; expected "Point", "Polygon" or "MultiPolygon"${hint}`);
  } else {
    problems.add('type', `${describe(type)} is not a GeoJSON geometry type; expected "Point", "Polygon" or "MultiPolygon"`);
  }

  if (value.bbox !== undefined) checkBBox(value.bbox, positions, problems);
  return problems.result();
}

/** True when `value` is a valid project location (see {@link locationProblems}). */
export function isProjectLocation(value: unknown): value is ProjectLocation {
  return locationProblems(value).length === 0;
}

function checkPosition(value: unknown, path: string, problems: Problems): boolean {
  if (!Array.isArray(value)) {
    problems.add(path, `expected a position [longitude, latitude], got ${describe(value)}`);
    return false;
  }
  if ((value as unknown[]).some(Array.isArray)) {
    problems.add(path, 'expected a position [longitude, latitude], got nested arrays (one level of nesting too many)');
    return false;
  }
  if (value.length < 2 || value.length > 3) {
    problems.add(path, `a position has 2 or 3 numbers [longitude, latitude, altitude?], got ${value.length} element(s)`);
    return false;
  }
  const [lon, lat, alt] = value as unknown[];
  let ok = true;
  if (typeof lon !== 'number' || !Number.isFinite(lon)) {
    problems.add(path, `longitude must be a finite number, got ${describe(lon)}`);
    ok = false;
  } else if (lon < -180 || lon > 180) {
    problems.add(path, `longitude ${lon} is outside -180..180`);
    ok = false;
  }
  if (typeof lat !== 'number' || !Number.isFinite(lat)) {
    problems.add(path, `latitude must be a finite number, got ${describe(lat)}`);
    ok = false;
  } else if (lat < -90 || lat > 90) {
    // A latitude beyond ±90 next to a longitude within ±90 is the classic [lat, lon] mix-up.
    const swapped = typeof lon === 'number' && Math.abs(lon) <= 90 && Math.abs(lat) <= 180;
    problems.add(path, `latitude ${lat} is outside -90..90${swapped ? ' (positions are [longitude, latitude]; were they swapped?)' : ''}`);
    ok = false;
  }
  if (value.length === 3 && (typeof alt !== 'number' || !Number.isFinite(alt))) {
    problems.add(path, `altitude must be a finite number, got ${describe(alt)}`);
    ok = false;
  }
  return ok;
}

/** Counts positions of a (possibly malformed) polygon, ring by ring, without looking inside. */
function countPositions(rings: unknown): number {
  if (!Array.isArray(rings)) return 0;
  let count = 0;
  for (const ring of rings as unknown[]) if (Array.isArray(ring)) count += ring.length;
  return count;
}

/**
 * Checks the nesting, the positions and the ring closure of Polygon or MultiPolygon
 * coordinates. Returns the polygons (a Polygon is one) when all of that is right.
 */
function checkPolygonal(type: 'Polygon' | 'MultiPolygon', value: unknown, problems: Problems): number[][][][] | null {
  const what = type === 'Polygon' ? 'linear rings (arrays of positions)' : 'polygons (arrays of linear rings)';
  if (!Array.isArray(value)) {
    problems.add('coordinates', `expected an array of ${what}, got ${describe(value)}`);
    return null;
  }
  const items = value as unknown[];
  // The most common mistake is one level of nesting too few; say so instead of listing
  // every element as "not a ring".
  const depth = nestingDepth(items);
  const expected = type === 'Polygon' ? 3 : 4;
  if (depth !== null && depth < expected) {
    const got = ['numbers', 'positions', 'linear rings'][depth - 1];
    const fix = type === 'MultiPolygon' ? ', or use type "Polygon"' : '';
    const wrap = depth === expected - 1 ? ` (wrap it in another array${fix})` : '';
    problems.add('coordinates', `expected an array of ${what}, got an array of ${got}${wrap}`);
    return null;
  }
  if (depth !== null && depth > expected) {
    const fix = type === 'Polygon' && depth === 4 ? 'an array of polygons (use type "MultiPolygon")' : 'arrays nested too deeply';
    problems.add('coordinates', `expected an array of ${what}, got ${fix}`);
    return null;
  }

  const polygons = type === 'Polygon' ? [items] : items;
  const total = type === 'Polygon' ? countPositions(items) : items.reduce<number>((sum, polygon) => sum + countPositions(polygon), 0);
  if (total > MAX_LOCATION_POSITIONS) {
    problems.add('coordinates', `too many positions (${total}; at most ${MAX_LOCATION_POSITIONS})`);
    return null;
  }
  if (type === 'MultiPolygon' && items.length === 0) {
    problems.add('coordinates', 'a MultiPolygon needs at least one polygon');
    return null;
  }

  let ok = true;
  polygons.forEach((polygon, polygonIndex) => {
    const polygonPath = type === 'Polygon' ? 'coordinates' : `coordinates[${polygonIndex}]`;
    if (!Array.isArray(polygon)) {
      problems.add(polygonPath, `expected an array of linear rings (arrays of positions), got ${describe(polygon)}`);
      ok = false;
      return;
    }
    if (polygon.length === 0) {
      problems.add(polygonPath, 'a polygon needs at least one linear ring (its outer boundary)');
      ok = false;
      return;
    }
    (polygon as unknown[]).forEach((ring, ringIndex) => {
      if (!checkRing(ring, `${polygonPath}[${ringIndex}]`, problems)) ok = false;
    });
  });
  return ok ? (polygons as number[][][][]) : null;
}

/** Depth of the first element chain (1 for an array of numbers), or null if it ends elsewhere. */
function nestingDepth(value: unknown[]): number | null {
  let depth = 1;
  let current: unknown = value[0];
  while (Array.isArray(current)) {
    depth++;
    current = (current as unknown[])[0];
  }
  return typeof current === 'number' ? depth : null;
}

function checkRing(value: unknown, path: string, problems: Problems): boolean {
  if (!Array.isArray(value)) {
    problems.add(path, `expected a linear ring (an array of positions), got ${describe(value)}`);
    return false;
  }
  const ring = value as unknown[];
  let ok = true;
  ring.forEach((position, index) => {
    if (!checkPosition(position, `${path}[${index}]`, problems)) ok = false;
  });
  if (ring.length < 4) {
    problems.add(path, `a linear ring needs at least 4 positions (the first repeated at the end), got ${ring.length}`);
    return false;
  }
  if (ok && !samePosition(ring[0] as number[], ring[ring.length - 1] as number[])) {
    problems.add(path, `the ring is not closed: its last position must repeat its first (${JSON.stringify(ring[0])})`);
    ok = false;
  }
  return ok;
}

/** RFC 7946 §3.1.6: first and last positions of a ring hold identical values. */
function samePosition(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

interface Vertex {
  x: number;
  y: number;
  /** Index of the position in the ring as given. */
  index: number;
}

interface RingInfo {
  path: string;
  polygon: number;
  ring: number;
  vertices: Vertex[];
  /** Index of the closing position as given. */
  closing: number;
}

interface Edge {
  ring: RingInfo;
  /** Position of the edge in the ring's vertex list: from vertices[k] to vertices[k + 1]. */
  k: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The distinct consecutive vertices of a closed ring, without the closing repetition. */
function distinctVertices(ring: readonly (readonly number[])[]): Vertex[] {
  const vertices: Vertex[] = [];
  for (let index = 0; index < ring.length - 1; index++) {
    const [x, y] = ring[index];
    const last = vertices[vertices.length - 1];
    if (last && last.x === x && last.y === y) continue;
    vertices.push({ x, y, index });
  }
  while (vertices.length > 1 && vertices[vertices.length - 1].x === vertices[0].x && vertices[vertices.length - 1].y === vertices[0].y) {
    vertices.pop();
  }
  return vertices;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function within(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** Whether two closed segments share at least one point (crossing, touching or overlapping). */
function segmentsMeet(a: Vertex, b: Vertex, c: Vertex, d: Vertex): boolean {
  const d1 = Math.sign(orient(c.x, c.y, d.x, d.y, a.x, a.y));
  const d2 = Math.sign(orient(c.x, c.y, d.x, d.y, b.x, b.y));
  const d3 = Math.sign(orient(a.x, a.y, b.x, b.y, c.x, c.y));
  const d4 = Math.sign(orient(a.x, a.y, b.x, b.y, d.x, d.y));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && within(c.x, c.y, d.x, d.y, a.x, a.y)) ||
    (d2 === 0 && within(c.x, c.y, d.x, d.y, b.x, b.y)) ||
    (d3 === 0 && within(a.x, a.y, b.x, b.y, c.x, c.y)) ||
    (d4 === 0 && within(a.x, a.y, b.x, b.y, d.x, d.y))
  );
}

/** Even-odd ray casting; only used for points known not to lie on the ring. */
function insideRing(x: number, y: number, vertices: Vertex[]): boolean {
  let inside = false;
  for (let k = 0, l = vertices.length - 1; k < vertices.length; l = k++) {
    const a = vertices[k];
    const b = vertices[l];
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Twice the signed planar area of a vertex cycle, relative to its first vertex for precision. */
function planarArea2(vertices: Vertex[]): number {
  const ox = vertices[0].x;
  const oy = vertices[0].y;
  let sum = 0;
  for (let k = 1; k + 1 < vertices.length; k++) {
    sum += (vertices[k].x - ox) * (vertices[k + 1].y - oy) - (vertices[k + 1].x - ox) * (vertices[k].y - oy);
  }
  return sum;
}

function edgeLabel(ring: RingInfo, k: number): string {
  const from = ring.vertices[k].index;
  const to = k + 1 < ring.vertices.length ? ring.vertices[k + 1].index : ring.closing;
  return `${ring.path}[${from}]..[${to}]`;
}

/**
 * Geometric validity of well-formed polygons: distinct positions, no spikes, no ring touching
 * itself or another ring, positive areas, holes inside their outer ring and polygons of a
 * MultiPolygon apart from each other.
 */
function checkGeometry(polygons: number[][][][], type: 'Polygon' | 'MultiPolygon', problems: Problems): void {
  const rings: RingInfo[][] = polygons.map((polygon, polygonIndex) =>
    polygon.map((ring, ringIndex) => ({
      path: type === 'Polygon' ? `coordinates[${ringIndex}]` : `coordinates[${polygonIndex}][${ringIndex}]`,
      polygon: polygonIndex,
      ring: ringIndex,
      vertices: distinctVertices(ring),
      closing: ring.length - 1,
    })),
  );

  // Per ring: enough distinct vertices, and no spike (two consecutive edges folding back onto
  // each other, the only way adjacent edges can overlap).
  let ringsOk = true;
  for (const ring of rings.flat()) {
    const vertices = ring.vertices;
    if (vertices.length < 3) {
      problems.add(ring.path, `a linear ring needs at least 3 distinct positions, got ${vertices.length}`);
      ringsOk = false;
      continue;
    }
    for (let k = 0; k < vertices.length; k++) {
      const a = vertices[(k + vertices.length - 1) % vertices.length];
      const b = vertices[k];
      const c = vertices[(k + 1) % vertices.length];
      if (orient(a.x, a.y, b.x, b.y, c.x, c.y) === 0 && (a.x - b.x) * (c.x - b.x) + (a.y - b.y) * (c.y - b.y) > 0) {
        problems.add(`${ring.path}[${b.index}]`, 'the ring turns back on itself at this position (its two edges overlap)');
        ringsOk = false;
      }
    }
  }
  if (!ringsOk) return;

  if (!checkIntersections(rings.flat(), type, problems)) return;

  for (const ring of rings.flat()) {
    if (planarArea2(ring.vertices) === 0) {
      problems.add(ring.path, 'the ring encloses no area');
      ringsOk = false;
    }
  }
  if (!ringsOk) return;

  // Without any touching edges, one vertex tells on which side of a ring a whole ring lies.
  for (const polygon of rings) {
    const [outer, ...holes] = polygon;
    for (const hole of holes) {
      const { x, y } = hole.vertices[0];
      if (!insideRing(x, y, outer.vertices)) problems.add(hole.path, `the hole lies outside its outer ring ${outer.path}`);
      for (const other of holes) {
        if (other !== hole && insideRing(x, y, other.vertices)) problems.add(hole.path, `the hole lies inside another hole, ${other.path}`);
      }
    }
  }
  for (const polygon of rings) {
    for (const other of rings) {
      if (other === polygon) continue;
      const { x, y } = polygon[0].vertices[0];
      const [outer, ...holes] = other;
      if (insideRing(x, y, outer.vertices) && !holes.some((hole) => insideRing(x, y, hole.vertices))) {
        problems.add(`coordinates[${polygon[0].polygon}]`, `the polygon overlaps coordinates[${outer.polygon}]`);
      }
    }
  }
}

/**
 * Looks for edges that meet although they are not consecutive in one ring. Sweep over edges
 * sorted by west end: quadratic in the worst case, near linear for ordinary parcels.
 * Returns false when it found any.
 */
function checkIntersections(rings: RingInfo[], type: 'Polygon' | 'MultiPolygon', problems: Problems): boolean {
  const edges: Edge[] = [];
  for (const ring of rings) {
    const vertices = ring.vertices;
    for (let k = 0; k < vertices.length; k++) {
      const a = vertices[k];
      const b = vertices[(k + 1) % vertices.length];
      edges.push({
        ring,
        k,
        minX: Math.min(a.x, b.x),
        maxX: Math.max(a.x, b.x),
        minY: Math.min(a.y, b.y),
        maxY: Math.max(a.y, b.y),
      });
    }
  }
  edges.sort((e, f) => e.minX - f.minX);

  // Collect one pair more than there is room for, so that the overflow note still appears, and
  // report them in ring order rather than sweep order.
  const room = problems.room + 1;
  const pairs: [Edge, Edge][] = [];
  for (let i = 0; i < edges.length && pairs.length < room; i++) {
    const e = edges[i];
    for (let j = i + 1; j < edges.length && edges[j].minX <= e.maxX && pairs.length < room; j++) {
      const f = edges[j];
      if (f.minY > e.maxY || f.maxY < e.minY) continue;
      const m = e.ring.vertices.length;
      if (e.ring === f.ring && (Math.abs(e.k - f.k) === 1 || Math.abs(e.k - f.k) === m - 1)) continue;
      const ev = e.ring.vertices;
      const fv = f.ring.vertices;
      if (segmentsMeet(ev[e.k], ev[(e.k + 1) % m], fv[f.k], fv[(f.k + 1) % fv.length])) pairs.push(compareEdges(e, f) <= 0 ? [e, f] : [f, e]);
    }
  }
  pairs.sort(([e1, f1], [e2, f2]) => compareEdges(e1, e2) || compareEdges(f1, f2));
  for (const [first, second] of pairs) {
    const where = `(edge ${edgeLabel(first.ring, first.k)} meets edge ${edgeLabel(second.ring, second.k)})`;
    if (first.ring === second.ring) {
      problems.add(first.ring.path, `the ring intersects itself ${where}`);
    } else if (first.ring.polygon === second.ring.polygon) {
      problems.add(second.ring.path, `the ring touches or crosses ${first.ring.path} ${where}`);
    } else {
      const label = (ring: RingInfo) => (type === 'MultiPolygon' ? `coordinates[${ring.polygon}]` : ring.path);
      problems.add(label(second.ring), `the polygon touches or crosses ${label(first.ring)} ${where}`);
    }
  }
  return pairs.length === 0;
}

function compareEdges(e: Edge, f: Edge): number {
  return e.ring.polygon - f.ring.polygon || e.ring.ring - f.ring.ring || e.k - f.k;
}

function checkBBox(value: unknown, positions: number[][] | null, problems: Problems): void {
  if (!Array.isArray(value) || (value.length !== 4 && value.length !== 6)) {
    problems.add('bbox', 'expected [west, south, east, north] (or 6 numbers with altitudes)');
    return;
  }
  const numbers = value as unknown[];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    problems.add('bbox', 'every element must be a finite number');
    return;
  }
  const six = numbers.length === 6;
  const [west, south, east, north] = (six ? [numbers[0], numbers[1], numbers[3], numbers[4]] : numbers) as number[];
  let ok = true;
  for (const lon of [west, east]) {
    if (lon < -180 || lon > 180) {
      problems.add('bbox', `longitude ${lon} is outside -180..180`);
      ok = false;
    }
  }
  for (const lat of [south, north]) {
    if (lat < -90 || lat > 90) {
      problems.add('bbox', `latitude ${lat} is outside -90..90`);
      ok = false;
    }
  }
  if (south > north) {
    problems.add('bbox', `south ${south} is north of north ${north}`);
    ok = false;
  }
  if (six && (numbers[2] as number) > (numbers[5] as number)) {
    problems.add('bbox', 'the lowest altitude is above the highest');
    ok = false;
  }
  if (!ok || !positions) return;
  // West beyond east is a box crossing the antimeridian (RFC 7946 §5.2).
  const lonInside = (lon: number) => (west <= east ? west <= lon && lon <= east : lon >= west || lon <= east);
  const outside = positions.find(([lon, lat]) => !lonInside(lon) || lat < south || lat > north);
  if (outside) problems.add('bbox', `does not contain every position of the location (e.g. ${JSON.stringify(outside)})`);
}

function* allPositions(location: ProjectLocation): Generator<readonly number[]> {
  if (location.type === 'Point') yield location.coordinates;
  else if (location.type === 'Polygon') for (const ring of location.coordinates) yield* ring;
  else for (const polygon of location.coordinates) for (const ring of polygon) yield* ring;
}

/** [minLon, minLat, maxLon, maxLat] of the positions of a valid location. */
export function locationBounds(location: ProjectLocation): LocationBounds {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of allPositions(location)) {
    minLon = Math.min(minLon, lon);
    minLat = Math.min(minLat, lat);
    maxLon = Math.max(maxLon, lon);
    maxLat = Math.max(maxLat, lat);
  }
  return [minLon, minLat, maxLon, maxLat];
}

/**
 * A representative [lon, lat] for maps: the point itself, or the planar (degree-space)
 * area-weighted centroid of the outer ring(s), holes ignored. For a MultiPolygon, the centroids
 * of the outer rings weighted by their areas. Like any centroid it may fall outside a concave
 * parcel. A degenerate ring (no area, only possible for invalid input) falls back to the mean of
 * its positions, so the result is always finite.
 */
export function locationCentroid(location: ProjectLocation): [lon: number, lat: number] {
  if (location.type === 'Point') return [location.coordinates[0], location.coordinates[1]];
  const outers = location.type === 'Polygon' ? [location.coordinates[0]] : location.coordinates.map((polygon) => polygon[0]);
  let weight = 0;
  let x = 0;
  let y = 0;
  for (const ring of outers) {
    const { area, lon, lat } = ringCentroid(ring);
    weight += area;
    x += area * lon;
    y += area * lat;
  }
  if (weight > 0) return [x / weight, y / weight];
  const vertices = outers.flatMap((ring) => ring.slice(0, -1));
  const n = Math.max(1, vertices.length);
  return [vertices.reduce((sum, p) => sum + p[0], 0) / n, vertices.reduce((sum, p) => sum + p[1], 0) / n];
}

/** Planar centroid and absolute area (square degrees) of a closed ring. */
function ringCentroid(ring: GeoRing): { area: number; lon: number; lat: number } {
  const ox = ring[0][0];
  const oy = ring[0][1];
  let area2 = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const x0 = ring[i][0] - ox;
    const y0 = ring[i][1] - oy;
    const next = ring[(i + 1) % ring.length];
    const x1 = next[0] - ox;
    const y1 = next[1] - oy;
    const cross = x0 * y1 - x1 * y0;
    area2 += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (area2 === 0) return { area: 0, lon: ox, lat: oy };
  return { area: Math.abs(area2) / 2, lon: ox + cx / (3 * area2), lat: oy + cy / (3 * area2) };
}

const RADIANS = Math.PI / 180;

/**
 * Area in m² enclosed by a closed ring on a sphere of radius {@link EARTH_RADIUS_METRES},
 * whatever its orientation.
 *
 * Edges are straight in longitude/latitude (RFC 7946), so the area is the integral of
 * R² cos φ dφ dλ over the region. By Green's theorem it equals |R² ∮ sin φ dλ|, and along an
 * edge where φ varies linearly with λ the integral is exact:
 *   Δλ · (cos φ₁ − cos φ₂) / Δφ = Δλ · sin φₘ · sinc(Δφ / 2),  φₘ = (φ₁ + φ₂) / 2,
 * which tends to Δλ · sin φ₁ on an east-west edge. The sphere departs from the WGS84 ellipsoid by
 * less than about 0.5 %, ample for checking a declared area.
 */
export function ringAreaSquareMetres(ring: GeoRing): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const lambda1 = ring[i][0] * RADIANS;
    const phi1 = ring[i][1] * RADIANS;
    const lambda2 = ring[i + 1][0] * RADIANS;
    const phi2 = ring[i + 1][1] * RADIANS;
    const half = (phi2 - phi1) / 2;
    const sinc = Math.abs(half) < 1e-8 ? 1 : Math.sin(half) / half;
    sum += (lambda2 - lambda1) * Math.sin((phi1 + phi2) / 2) * sinc;
  }
  return Math.abs(sum) * EARTH_RADIUS_METRES * EARTH_RADIUS_METRES;
}

/** Area of a valid location in hectares: outer rings minus holes; 0 for a point. */
export function locationAreaHectares(location: ProjectLocation): number {
  if (location.type === 'Point') return 0;
  const polygons = location.type === 'Polygon' ? [location.coordinates] : location.coordinates;
  let squareMetres = 0;
  for (const [outer, ...holes] of polygons) {
    squareMetres += Math.max(0, ringAreaSquareMetres(outer) - holes.reduce((sum, hole) => sum + ringAreaSquareMetres(hole), 0));
  }
  return squareMetres / 10_000;
}
