import { escapeXml } from './charts';
import { locationBounds, type LocationBounds, type ProjectLocation } from './geo';

// A project's location drawn as a small picture, without a map: the outline of its parcels (or a
// marker for a site) on a plain background. Like the charts, a pure function of its input: no
// DOM, no fonts, no external reference, so equal input gives the same bytes on the web page and
// anywhere else it is shown.

export interface LocationOutlineOptions {
  /** Width of the figure in SVG px; 160 when not given, at least 48. */
  readonly width?: number;
  /** Height of the figure in SVG px; 120 when not given, at least 48. */
  readonly height?: number;
  /** Accessible name of the figure (the SVG `<title>`); `Project location` when not given. */
  readonly title?: string;
}

export interface LocationOutline {
  readonly width: number;
  readonly height: number;
  /** `marker` for a Point, `outline` for parcels. */
  readonly kind: 'marker' | 'outline';
  /** The positions' bounds, [minLon, minLat, maxLon, maxLat]. */
  readonly bounds: LocationBounds;
  /** Parcels too small to show as a shape at this size, drawn as markers instead. */
  readonly markers: number;
  /** A complete standalone SVG document. */
  readonly svg: string;
}

const DEFAULT_WIDTH = 160;
const DEFAULT_HEIGHT = 120;
const MIN_SIZE = 48;
const PADDING = 10;
/** A vertex closer than this (px) to the previous one kept adds nothing visible: it is dropped. */
const MIN_STEP = 0.5;
/** cos(latitude) never goes below this, so that a parcel at a pole keeps a finite width. */
const MIN_COS = 0.01;

const COLOURS = {
  background: '#f7f9f7',
  frame: '#c9d3cb',
  fill: '#5b8c3a',
  stroke: '#2f5a1c',
  marker: '#a4262c',
} as const;

interface Projection {
  (lon: number, lat: number): [number, number];
}

/**
 * The outline of a valid location: an equirectangular projection of its bounds (longitudes
 * shrunk by the cosine of the middle latitude, so that shapes keep their proportions away from
 * the equator), scaled to fit the figure with a margin and centred. Polygons are filled paths
 * (holes stay empty, even-odd rule); a Point, or a parcel too small to show as a shape at this
 * size, is a marker. Coordinates are rounded to 0.1 px and vertices closer than half a pixel
 * are dropped, so that a detailed parcel of thousands of vertices stays a few kilobytes.
 */
export function locationOutline(location: ProjectLocation, options: LocationOutlineOptions = {}): LocationOutline {
  const width = Math.max(MIN_SIZE, finite(options.width) ?? DEFAULT_WIDTH);
  const height = Math.max(MIN_SIZE, finite(options.height) ?? DEFAULT_HEIGHT);
  const title = options.title ?? 'Project location';
  const bounds = locationBounds(location);
  const project = projection(bounds, width, height);

  const shapes: string[] = [];
  const markers: Array<[number, number]> = [];
  if (location.type === 'Point') {
    markers.push(project(location.coordinates[0], location.coordinates[1]));
  } else {
    const polygons = location.type === 'Polygon' ? [location.coordinates] : location.coordinates;
    for (const polygon of polygons) {
      const rings = polygon.map((ring) => thin(ring.map(([lon, lat]) => project(lon, lat))));
      if (rings[0].length < 3) {
        markers.push(centre(rings[0]));
        continue;
      }
      shapes.push(rings.filter((ring) => ring.length >= 3).map(pathOf).join(''));
    }
  }

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" role="img">`);
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect x="0.5" y="0.5" width="${num(width - 1)}" height="${num(height - 1)}" fill="${COLOURS.background}" stroke="${COLOURS.frame}"/>`);
  if (shapes.length > 0) {
    out.push(`<path d="${shapes.join('')}" fill="${COLOURS.fill}" fill-opacity="0.45" fill-rule="evenodd" stroke="${COLOURS.stroke}" stroke-width="1.5" stroke-linejoin="round"/>`);
  }
  for (const [x, y] of markers) {
    out.push(
      `<g><circle cx="${num(x)}" cy="${num(y)}" r="9" fill="none" stroke="${COLOURS.marker}" stroke-width="1.5"/><circle cx="${num(x)}" cy="${num(y)}" r="4" fill="${COLOURS.marker}" stroke="#ffffff" stroke-width="1.5"/></g>`,
    );
  }
  out.push('</svg>');
  return {
    width,
    height,
    kind: location.type === 'Point' ? 'marker' : 'outline',
    bounds,
    markers: location.type === 'Point' ? 0 : markers.length,
    svg: out.join(''),
  };
}

function projection([minLon, minLat, maxLon, maxLat]: LocationBounds, width: number, height: number): Projection {
  const kx = Math.max(MIN_COS, Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180));
  const spanX = (maxLon - minLon) * kx;
  const spanY = maxLat - minLat;
  const innerWidth = width - 2 * PADDING;
  const innerHeight = height - 2 * PADDING;
  // A point (or a degenerate extent) has no scale of its own: it sits in the middle.
  const scale = spanX > 0 || spanY > 0 ? Math.min(spanX > 0 ? innerWidth / spanX : Infinity, spanY > 0 ? innerHeight / spanY : Infinity) : 0;
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return (lon, lat) => [round(offsetX + (lon - minLon) * kx * scale), round(offsetY + (maxLat - lat) * scale)];
}

/** The ring without vertices closer than MIN_STEP to the last one kept (closing vertex excluded). */
function thin(ring: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const open = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring.slice();
  const kept: Array<[number, number]> = [];
  for (const point of open) {
    const last = kept[kept.length - 1];
    if (!last || Math.hypot(point[0] - last[0], point[1] - last[1]) >= MIN_STEP) kept.push(point);
  }
  // The last vertex may have come back next to the first one.
  while (kept.length > 1 && Math.hypot(kept[0][0] - kept[kept.length - 1][0], kept[0][1] - kept[kept.length - 1][1]) < MIN_STEP) kept.pop();
  return kept;
}

function centre(points: ReadonlyArray<[number, number]>): [number, number] {
  const n = Math.max(1, points.length);
  return [round(points.reduce((sum, [x]) => sum + x, 0) / n), round(points.reduce((sum, [, y]) => sum + y, 0) / n)];
}

function pathOf(ring: ReadonlyArray<[number, number]>): string {
  return `M${ring.map(([x, y]) => `${num(x)} ${num(y)}`).join('L')}Z`;
}

function finite(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function round(value: number): number {
  const rounded = Math.round(value * 10) / 10;
  return rounded === 0 ? 0 : rounded;
}

function num(value: number): string {
  return String(round(value));
}
