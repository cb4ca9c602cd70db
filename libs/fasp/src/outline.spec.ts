import fc from 'fast-check';

import { type GeoPosition, type ProjectLocation } from './geo';
import { locationOutline } from './outline';

function box(west: number, south: number, east: number, north: number): GeoPosition[] {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

/** Every x y pair of the path's `d`, in order. */
function pathPoints(svg: string): Array<[number, number]> {
  const d = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
  return [...d.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])]);
}

function extent(points: Array<[number, number]>): { minX: number; maxX: number; minY: number; maxY: number } {
  return {
    minX: Math.min(...points.map(([x]) => x)),
    maxX: Math.max(...points.map(([x]) => x)),
    minY: Math.min(...points.map(([, y]) => y)),
    maxY: Math.max(...points.map(([, y]) => y)),
  };
}

describe('locationOutline', () => {
  it('draws a point as a marker in the middle of a 160 x 120 figure', () => {
    const outline = locationOutline({ type: 'Point', coordinates: [-16.25, 14.15] }, { title: 'Site of the project' });
    expect(outline).toMatchObject({ width: 160, height: 120, kind: 'marker', bounds: [-16.25, 14.15, -16.25, 14.15] });
    expect(outline.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 160 120" width="160" height="120" role="img">/);
    expect(outline.svg).toContain('<title>Site of the project</title>');
    expect(outline.svg).toContain('<circle cx="80" cy="60" r="4"');
    expect(outline.svg).not.toContain('<path');
    expect(outline.svg.endsWith('</svg>')).toBe(true);
  });

  it('fits a parcel with its margin and keeps a square square at the equator', () => {
    const outline = locationOutline({ type: 'Polygon', coordinates: [box(0, 0, 1, 1)] });
    expect(outline.kind).toBe('outline');
    expect(extent(pathPoints(outline.svg))).toEqual({ minX: 30, maxX: 130, minY: 10, maxY: 110 });
  });

  it('shrinks longitudes by the cosine of the latitude, so a parcel at 60° N keeps its shape', () => {
    // 2° of longitude at 60° N are as long as 1° of latitude.
    const outline = locationOutline({ type: 'Polygon', coordinates: [box(10, 59.5, 12, 60.5)] });
    const { minX, maxX, minY, maxY } = extent(pathPoints(outline.svg));
    expect(maxY - minY).toBe(100);
    expect(Math.abs(maxX - minX - 100)).toBeLessThan(1.5);
  });

  it('puts north up and west left', () => {
    const triangle: GeoPosition[] = [
      [0, 0],
      [2, 0],
      [0, 2],
      [0, 0],
    ];
    const [south, east, north] = pathPoints(locationOutline({ type: 'Polygon', coordinates: [triangle] }).svg);
    expect(east[0]).toBeGreaterThan(south[0]);
    expect(north[1]).toBeLessThan(south[1]);
  });

  it('leaves holes empty (two rings in one even-odd path)', () => {
    const outline = locationOutline({ type: 'Polygon', coordinates: [box(0, 0, 4, 4), box(1, 1, 2, 2)] });
    expect(outline.svg).toContain('fill-rule="evenodd"');
    expect(outline.svg.match(/M/g)).toHaveLength(2);
  });

  it('draws a parcel too small to see at this scale as a marker', () => {
    const location: ProjectLocation = { type: 'MultiPolygon', coordinates: [[box(0, 0, 1, 1)], [box(3, 3, 3.0001, 3.0001)]] };
    const outline = locationOutline(location);
    expect(outline.markers).toBe(1);
    expect(outline.svg.match(/M/g)).toHaveLength(1);
    expect(outline.svg).toContain('r="4"');
  });

  it('is deterministic, escapes its title and refers to nothing outside itself', () => {
    const location: ProjectLocation = { type: 'Polygon', coordinates: [box(-16.3, 14.1, -16.2, 14.2)] };
    const first = locationOutline(location, { title: 'Parcels <Niayes> & "Keur"' });
    const second = locationOutline(JSON.parse(JSON.stringify(location)) as ProjectLocation, { title: 'Parcels <Niayes> & "Keur"' });
    expect(second.svg).toBe(first.svg);
    expect(first.svg).toContain('<title>Parcels &lt;Niayes&gt; &amp; &quot;Keur&quot;</title>');
    expect(first.svg).not.toMatch(/href|url\(|<script|<image|<style|<text/);
  });

  it('keeps a detailed parcel of 10 000 vertices small', () => {
    const ring: GeoPosition[] = [];
    for (let i = 0; i < 9999; i++) {
      const angle = (2 * Math.PI * i) / 9999;
      const radius = 0.01 * (1 + 0.05 * Math.sin(40 * angle));
      ring.push([-16.25 + radius * Math.cos(angle), 14.15 + radius * Math.sin(angle)]);
    }
    ring.push(ring[0]);
    const outline = locationOutline({ type: 'Polygon', coordinates: [ring] });
    expect(outline.svg.length).toBeLessThan(12_000);
    expect(pathPoints(outline.svg).length).toBeGreaterThan(100);
  });

  it('honours another size', () => {
    const outline = locationOutline({ type: 'Polygon', coordinates: [box(0, 0, 1, 1)] }, { width: 320, height: 240 });
    expect(outline.svg).toContain('viewBox="0 0 320 240"');
    expect(extent(pathPoints(outline.svg))).toEqual({ minX: 50, maxX: 270, minY: 10, maxY: 230 });
  });

  it('stays inside the figure for any rectangle on Earth', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179, max: 178, noNaN: true }),
        fc.double({ min: -89, max: 88, noNaN: true }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        (west, south, dx, dy) => {
          const outline = locationOutline({ type: 'Polygon', coordinates: [box(west, south, west + dx, south + dy)] });
          for (const [x, y] of pathPoints(outline.svg)) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(160);
            expect(y).toBeGreaterThanOrEqual(0);
            expect(y).toBeLessThanOrEqual(120);
          }
        },
      ),
    );
  });
});
