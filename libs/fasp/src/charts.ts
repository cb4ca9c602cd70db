// Charts of scores as pure geometry. The evaluation report (PDF, vector graphics) and the web
// pages (inline SVG) draw the same figure from the same numbers, so the chart is computed once
// here: no DOM, no fonts, no clock, no randomness; equal input gives an equal result, down to
// the bytes of the SVG.

/** One axis of the chart: a step (or any scored item) and its score, null when it has none. */
export interface ChartAxisInput {
  readonly label: string;
  readonly value: number | null;
  /**
   * How to print the value (e.g. `2,5` in French); shown under the label when given. The chart
   * never formats numbers itself, because the decimal separator belongs to the reader's language.
   */
  readonly valueLabel?: string;
}

export interface RadarChartInput {
  readonly axes: readonly ChartAxisInput[];
  /** The top of the scale (4 for the FASP scale); finite and > 0. */
  readonly max: number;
  /**
   * Width of the figure in user units (SVG px, PDF pt); 320 when not given, at least 160. A radar
   * whose labels cannot fit beside a plot of reasonable size comes out wider (see `width`).
   */
  readonly size?: number;
  /** Accessible name of the figure (the SVG `<title>`). */
  readonly title?: string;
  /** Said in the SVG description for an axis without a value; `no score` when not given. */
  readonly noValueText?: string;
}

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * Where a label goes: `x`, `y` is the anchor point; `align` says which side of the text touches
 * it horizontally (as SVG `text-anchor`), `baseline` which side of the whole label block (all its
 * lines) touches it vertically.
 */
export interface ChartLabelAnchor extends ChartPoint {
  readonly align: 'start' | 'middle' | 'end';
  readonly baseline: 'top' | 'middle' | 'bottom';
}

export interface ChartAxis {
  readonly index: number;
  readonly label: string;
  /** The label broken into short lines (at spaces), then the value label, if any. */
  readonly labelLines: readonly string[];
  readonly value: number | null;
  /** The value label of the input, or null. */
  readonly valueLabel: string | null;
  /** The value drawn: the value clamped to [0, max]; 0 for a null value. */
  readonly plotted: number;
  /** True when the value is null (or not a finite number): drawn at 0 and marked hollow. */
  readonly missing: boolean;
  /**
   * Radar: angle of the axis in radians, clockwise from the top (0, 2π/n, 4π/n, ...).
   * Bars: 0 (every bar runs to the right).
   */
  readonly angle: number;
  /** Where the axis starts: the centre (radar) or the left end of the bar's track (bars). */
  readonly start: ChartPoint;
  /** Where the axis ends: the value `max`. */
  readonly end: ChartPoint;
  /** The plotted value on the axis: at plotted/max of the way from start to end. */
  readonly point: ChartPoint;
  readonly labelAnchor: ChartLabelAnchor;
}

/** A grid line at one level of the scale: a closed polygon (radar) or a vertical segment (bars). */
export interface ChartRing {
  readonly value: number;
  /** Distance from the centre (radar) or from the start of the tracks (bars). */
  readonly radius: number;
  readonly points: readonly ChartPoint[];
  /** Where the level's number is printed. */
  readonly labelAnchor: ChartLabelAnchor;
}

export interface RadarChart {
  /** `radar` for 3 to 12 axes, `bars` otherwise (see radarChart). */
  readonly kind: 'radar' | 'bars';
  readonly width: number;
  readonly height: number;
  /** Radar: the centre. Bars: the origin of the value scale, at the top of the first track. */
  readonly centre: ChartPoint;
  /** Radar: the radius of the value `max`. Bars: the length of a track. */
  readonly radius: number;
  readonly max: number;
  /** Bars: the thickness of a bar; radar: 0. */
  readonly barThickness: number;
  /** Font size the label anchors were computed for; line height is 1.2 times it. */
  readonly fontSize: number;
  readonly axes: readonly ChartAxis[];
  /** Grid lines for the levels 1..max (at most 10 levels; a wide scale uses a coarser step). */
  readonly rings: readonly ChartRing[];
  /** The data points in axis order: the data polygon (radar) or the ends of the bars. */
  readonly polygon: readonly ChartPoint[];
  readonly title: string;
  /** A complete standalone SVG document: no external reference, no script, no style sheet. */
  readonly svg: string;
}

/** One category of a bar chart and its count (or any quantity at or above 0). */
export interface BarInput {
  readonly label: string;
  readonly value: number;
  /** How to print the value at the end of the bar (e.g. `1 204` in French); the plain number when not given. */
  readonly valueLabel?: string;
}

export interface BarChartInput {
  /** The categories, drawn top to bottom in this order. */
  readonly bars: readonly BarInput[];
  /** The end of the scale, finite and > 0; when not given, a round number at or above the largest value. */
  readonly max?: number;
  /** Width of the figure in user units; 480 when not given, at least 160. */
  readonly size?: number;
  /** Accessible name of the figure (the SVG `<title>`). */
  readonly title?: string;
}

/** A horizontal bar chart: the `bars` layout of RadarChart, with each value printed at the end of its bar. */
export type BarChart = RadarChart & { readonly kind: 'bars' };

export const RADAR_MIN_AXES = 3;
export const RADAR_MAX_AXES = 12;

const DEFAULT_SIZE = 320;
const DEFAULT_BAR_SIZE = 480;
const MIN_SIZE = 160;
const FONT_SIZE = 11;
const LINE_HEIGHT = 1.2;
/** Labels longer than this break at spaces; short enough that labels stay clear of the plot. */
const LABEL_LINE_CHARS = 18;
const MAX_RINGS = 10;
/** An axis whose |sin| (or |cos|) is below this is treated as vertical (horizontal) for its label. */
const SIDE_LABEL_SIN = 0.2;

/**
 * The chart of scores by step: a radar (spider) chart with one axis per item, starting at the
 * top and going clockwise, evenly spaced; grid rings at each level of the scale; the data
 * polygon joins the plotted values.
 *
 * A radar needs at least 3 axes to enclose an area, and beyond 12 its labels collide. With
 * fewer than 3 or more than 12 axes (0 included) the same function returns a horizontal bar
 * chart in the same shape (`kind: 'bars'`): one track per axis from `start` to `end`, the bar
 * from `start` to `point`, vertical grid lines for the levels, the label left of its track.
 *
 * Null values (and values that are not finite numbers) are drawn at 0 and marked `missing`
 * (a hollow marker); other values are clamped to [0, max]. Coordinates are rounded to 0.01.
 *
 * @throws RangeError when `max` is not a finite number > 0.
 */
export function radarChart(input: RadarChartInput): RadarChart {
  if (typeof input.max !== 'number' || !Number.isFinite(input.max) || input.max <= 0) {
    throw new RangeError(`The chart's max must be a finite number > 0, got ${String(input.max)}.`);
  }
  const size = Math.max(MIN_SIZE, Number.isFinite(input.size) ? (input.size as number) : DEFAULT_SIZE);
  const title = input.title ?? 'Scores by step';
  const levels = ringLevels(input.max);
  const prepared = input.axes.map((axis) => prepareAxis(axis, input.max));
  const kind = prepared.length >= RADAR_MIN_AXES && prepared.length <= RADAR_MAX_AXES ? 'radar' : 'bars';
  const geometry = kind === 'radar' ? radarGeometry(prepared, input.max, levels, size) : barGeometry(prepared, input.max, levels, size, BAR_RIGHT_MARGIN);
  const chart: Omit<RadarChart, 'svg'> = { kind, ...geometry, max: input.max, fontSize: FONT_SIZE, title };
  return { ...chart, svg: renderSvg(chart, input.noValueText ?? 'no score', SCORE_STYLE) };
}

/**
 * Counts by category as horizontal bars, in the layout radarChart uses when a radar cannot be
 * drawn: one track per category, top to bottom in input order, the label left of its track,
 * vertical grid lines at round levels, and the value printed just after the end of its bar (a
 * bar of 0 has no rectangle, only its value). Coordinates are rounded to 0.01.
 *
 * @throws RangeError when a value is not a finite number >= 0, or `max` is given and is not a
 * finite number > 0.
 */
export function barChart(input: BarChartInput): BarChart {
  for (const bar of input.bars) {
    if (typeof bar.value !== 'number' || !Number.isFinite(bar.value) || bar.value < 0) {
      throw new RangeError(`A bar's value must be a finite number >= 0, got ${String(bar.value)} for ${String(bar.label)}.`);
    }
  }
  if (input.max !== undefined && (typeof input.max !== 'number' || !Number.isFinite(input.max) || input.max <= 0)) {
    throw new RangeError(`The chart's max must be a finite number > 0, got ${String(input.max)}.`);
  }
  const size = Math.max(MIN_SIZE, Number.isFinite(input.size) ? (input.size as number) : DEFAULT_BAR_SIZE);
  const { max, levels } = input.max !== undefined ? { max: input.max, levels: ringLevels(input.max) } : roundScale(Math.max(0, ...input.bars.map((bar) => bar.value)));
  const prepared = input.bars.map((bar): PreparedAxis => {
    const valueLabel = bar.valueLabel === undefined || bar.valueLabel === '' ? formatNumber(bar.value) : String(bar.valueLabel);
    return { label: String(bar.label), labelLines: wrapLabel(String(bar.label)), value: bar.value, valueLabel, plotted: Math.min(max, bar.value), missing: false };
  });
  // Room right of the tracks for the longest value printed after a full bar.
  const valueRoom = Math.max(0, ...prepared.map((axis) => (axis.valueLabel ?? '').length)) * FONT_SIZE * 0.6 + VALUE_GAP + 4;
  const geometry = barGeometry(prepared, max, levels, size, Math.max(BAR_RIGHT_MARGIN, valueRoom));
  const chart: Omit<BarChart, 'svg'> = { kind: 'bars', ...geometry, max, fontSize: FONT_SIZE, title: input.title ?? 'Counts' };
  return { ...chart, svg: renderSvg(chart, '', COUNT_STYLE) };
}

/**
 * A scale for counts: levels at a round step (1, 2 or 5 times a power of ten) so that there are
 * at most 10 of them, the last one at or above `largest`.
 */
function roundScale(largest: number): { max: number; levels: number[] } {
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const multiple of [1, 2, 5]) {
      const step = multiple * magnitude;
      const count = Math.max(1, Math.ceil(largest / step));
      if (count <= MAX_RINGS) return { max: count * step, levels: Array.from({ length: count }, (_, index) => (index + 1) * step) };
    }
  }
}

interface PreparedAxis {
  readonly label: string;
  readonly labelLines: readonly string[];
  readonly value: number | null;
  readonly valueLabel: string | null;
  readonly plotted: number;
  readonly missing: boolean;
}

function prepareAxis(axis: ChartAxisInput, max: number): PreparedAxis {
  const value = typeof axis.value === 'number' && Number.isFinite(axis.value) ? axis.value : null;
  const label = String(axis.label);
  const valueLabel = axis.valueLabel === undefined || axis.valueLabel === '' ? null : String(axis.valueLabel);
  const lines = wrapLabel(label);
  if (valueLabel !== null) lines.push(valueLabel);
  const plotted = value === null ? 0 : Math.min(max, Math.max(0, value));
  return { label, labelLines: lines, value, valueLabel, plotted, missing: value === null };
}

/** The levels that get a grid line: 1..max by a whole step chosen so there are at most 10. */
function ringLevels(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / MAX_RINGS));
  const levels: number[] = [];
  for (let level = step; level < max - 1e-9; level += step) levels.push(level);
  levels.push(max);
  return levels;
}

type Geometry = Pick<RadarChart, 'width' | 'height' | 'centre' | 'radius' | 'barThickness' | 'axes' | 'rings' | 'polygon'>;

function radarGeometry(axes: readonly PreparedAxis[], max: number, levels: readonly number[], size: number): Geometry {
  const n = axes.length;
  const labelGap = 8;
  const margin = 4;
  const angles = axes.map((_, index) => (2 * Math.PI * index) / n);
  // The plot is as large as the labels on the sides allow: a label left or right of the plot
  // extends outward by its (estimated) width. Bounded so that a very long label cannot shrink
  // the plot to nothing, nor short ones push the labels off the figure.
  let radius = size * 0.4;
  axes.forEach((axis, index) => {
    const sin = Math.abs(Math.sin(angles[index]));
    if (sin < SIDE_LABEL_SIN) return;
    radius = Math.min(radius, (size / 2 - margin - labelWidth(axis)) / sin - labelGap);
  });
  radius = round(Math.max(size * 0.18, radius));
  // When the floor above wins (many axes, long labels), the figure grows wider rather than clip
  // its labels: `size` is the width asked for, not a hard limit.
  let halfWidth = size / 2;
  axes.forEach((axis, index) => {
    const sin = Math.abs(Math.sin(angles[index]));
    if (sin < SIDE_LABEL_SIN) return;
    halfWidth = Math.max(halfWidth, (radius + labelGap) * sin + labelWidth(axis) + margin);
  });
  const width = round(2 * halfWidth);
  // Vertical room: how far the plot and each label block reach above and below the centre.
  let above = radius;
  let below = radius;
  axes.forEach((axis, index) => {
    const cos = Math.cos(angles[index]);
    const block = axis.labelLines.length * FONT_SIZE * LINE_HEIGHT;
    const y = (radius + labelGap) * cos;
    const [up, down] = cos > SIDE_LABEL_SIN ? [y + block, -y] : cos < -SIDE_LABEL_SIN ? [y, block - y] : [y + block / 2, block / 2 - y];
    above = Math.max(above, up);
    below = Math.max(below, down);
  });
  const height = round(above + below + 2 * margin);
  const centre = { x: round(width / 2), y: round(above + margin) };
  const at = (angle: number, distance: number): ChartPoint => ({
    x: round(centre.x + distance * Math.sin(angle)),
    y: round(centre.y - distance * Math.cos(angle)),
  });

  const chartAxes: ChartAxis[] = axes.map((axis, index) => {
    const angle = angles[index];
    const sin = Math.sin(angle);
    const cos = Math.cos(angle);
    const anchor = at(angle, radius + labelGap);
    const align = Math.abs(sin) < SIDE_LABEL_SIN ? 'middle' : sin > 0 ? 'start' : 'end';
    const baseline = cos > SIDE_LABEL_SIN ? 'bottom' : cos < -SIDE_LABEL_SIN ? 'top' : 'middle';
    return {
      index,
      ...axis,
      angle,
      start: centre,
      end: at(angle, radius),
      point: at(angle, (radius * axis.plotted) / max),
      labelAnchor: { ...anchor, align, baseline },
    };
  });

  const rings: ChartRing[] = levels.map((level) => {
    const distance = round((radius * level) / max);
    const tick = at(0, distance);
    return {
      value: level,
      radius: distance,
      points: angles.map((angle) => at(angle, distance)),
      labelAnchor: { x: round(tick.x + 3), y: tick.y, align: 'start', baseline: 'bottom' },
    };
  });

  return {
    width,
    height,
    centre,
    radius,
    barThickness: 0,
    axes: chartAxes,
    rings,
    polygon: chartAxes.map((axis) => axis.point),
  };
}

/** Right of the tracks: room for nothing (scores) or for the values printed after the bars (counts). */
const BAR_RIGHT_MARGIN = 12;
const VALUE_GAP = 4;

function barGeometry(axes: readonly PreparedAxis[], max: number, levels: readonly number[], size: number, rightMargin: number): Geometry {
  const labelWidth = round(size * 0.36);
  const left = labelWidth + 8;
  const right = size - rightMargin;
  const radius = round(right - left);
  const maxLines = Math.max(1, ...axes.map((axis) => axis.labelLines.length));
  const row = Math.max(24, maxLines * FONT_SIZE * LINE_HEIGHT + 8);
  const top = 8;
  const barThickness = round(Math.min(16, row * 0.6));
  const plotHeight = Math.max(1, axes.length) * row;
  // Room under the tracks for the numbers of the levels.
  const height = round(top + plotHeight + FONT_SIZE * LINE_HEIGHT + 8);
  const centre = { x: round(left), y: round(top) };

  const chartAxes: ChartAxis[] = axes.map((axis, index) => {
    const y = round(top + row * index + row / 2);
    return {
      index,
      ...axis,
      angle: 0,
      start: { x: centre.x, y },
      end: { x: round(left + radius), y },
      point: { x: round(left + (radius * axis.plotted) / max), y },
      labelAnchor: { x: round(labelWidth), y, align: 'end', baseline: 'middle' },
    };
  });

  const rings: ChartRing[] = levels.map((level) => {
    const x = round(left + (radius * level) / max);
    const bottom = round(top + plotHeight);
    return {
      value: level,
      radius: round((radius * level) / max),
      points: [
        { x, y: centre.y },
        { x, y: bottom },
      ],
      labelAnchor: { x, y: round(bottom + 2), align: 'middle', baseline: 'top' },
    };
  });

  return {
    width: round(size),
    height,
    centre,
    radius,
    barThickness,
    axes: chartAxes,
    rings,
    polygon: chartAxes.map((axis) => axis.point),
  };
}

/** Estimated width of a label block: no font metrics here; 0.6 em a character is generous. */
function labelWidth(axis: PreparedAxis): number {
  return Math.max(...axis.labelLines.map((line) => line.length)) * FONT_SIZE * 0.6;
}

/** Breaks a label at spaces into lines of about LABEL_LINE_CHARS; a long word keeps its line. */
function wrapLabel(label: string): string[] {
  const words = label.split(/\s+/).filter((word) => word !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= LABEL_LINE_CHARS) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

function round(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  // Math.round gives -0 for small negatives, which would print as "0" anyway but compare
  // unequal under Object.is in tests of determinism.
  return rounded === 0 ? 0 : rounded;
}

// ---------------------------------------------------------------------------------------------
// SVG

const COLOURS = {
  grid: '#c8ccc4',
  axis: '#9aa094',
  fill: '#5b8c3a',
  stroke: '#3f6b24',
  text: '#2b2b2b',
  muted: '#6b6b6b',
} as const;

/** What a chart draws besides its geometry: markers at the points (scores), values after the bars (counts). */
interface SvgStyle {
  readonly markers: boolean;
  readonly valuesAfterBars: boolean;
}

const SCORE_STYLE: SvgStyle = { markers: true, valuesAfterBars: false };
const COUNT_STYLE: SvgStyle = { markers: false, valuesAfterBars: true };

function renderSvg(chart: Omit<RadarChart, 'svg'>, noValueText: string, style: SvgStyle): string {
  // Ids must be unique when several charts are inlined in one page, yet stable for equal input:
  // they derive from a hash of what the chart shows.
  const id = `chart-${hash(JSON.stringify([chart.kind, chart.title, chart.axes.map((axis) => [axis.labelLines, axis.value])]))}`;
  const description = chart.axes
    .map((axis) => `${axis.label}: ${axis.value === null ? noValueText : (axis.valueLabel ?? formatNumber(axis.value))}`)
    .join('; ');
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${num(chart.width)} ${num(chart.height)}" width="${num(chart.width)}" height="${num(chart.height)}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
  );
  out.push(`<title id="${id}-title">${escapeXml(chart.title)}</title>`);
  out.push(`<desc id="${id}-desc">${escapeXml(description)}</desc>`);

  out.push(`<g fill="none" stroke="${COLOURS.grid}" stroke-width="1">`);
  for (const ring of chart.rings) {
    out.push(chart.kind === 'radar' ? `<polygon points="${points(ring.points)}"/>` : `<line ${lineAttributes(ring.points[0], ring.points[1])}/>`);
  }
  out.push('</g>');

  out.push(`<g stroke="${COLOURS.axis}" stroke-width="1">`);
  for (const axis of chart.axes) out.push(`<line ${lineAttributes(axis.start, axis.end)}/>`);
  out.push('</g>');

  if (chart.kind === 'radar') {
    out.push(
      `<polygon points="${points(chart.polygon)}" fill="${COLOURS.fill}" fill-opacity="0.35" stroke="${COLOURS.stroke}" stroke-width="2" stroke-linejoin="round"/>`,
    );
  } else {
    out.push(`<g fill="${COLOURS.fill}" fill-opacity="0.8">`);
    for (const axis of chart.axes) {
      const width = round(axis.point.x - axis.start.x);
      if (width > 0) {
        out.push(
          `<rect x="${num(axis.start.x)}" y="${num(round(axis.start.y - chart.barThickness / 2))}" width="${num(width)}" height="${num(chart.barThickness)}"/>`,
        );
      }
    }
    out.push('</g>');
  }

  if (style.markers) {
    out.push(`<g stroke="${COLOURS.stroke}" stroke-width="1.5">`);
    for (const axis of chart.axes) {
      out.push(`<circle cx="${num(axis.point.x)}" cy="${num(axis.point.y)}" r="3" fill="${axis.missing ? '#ffffff' : COLOURS.stroke}"/>`);
    }
    out.push('</g>');
  }

  // The level numbers sit on the first axis, where the data may cover them: a white outline
  // keeps them readable.
  out.push(
    `<g font-family="sans-serif" font-size="${FONT_SIZE - 2}" fill="${COLOURS.muted}" stroke="#ffffff" stroke-width="2.5" paint-order="stroke" aria-hidden="true">`,
  );
  for (const ring of chart.rings) out.push(textElement([formatNumber(ring.value)], ring.labelAnchor, FONT_SIZE - 2));
  out.push('</g>');

  out.push(`<g font-family="sans-serif" font-size="${FONT_SIZE}" fill="${COLOURS.text}">`);
  for (const axis of chart.axes) out.push(textElement(axis.labelLines, axis.labelAnchor, FONT_SIZE));
  if (style.valuesAfterBars) {
    for (const axis of chart.axes) {
      const anchor: ChartLabelAnchor = { x: round(axis.point.x + VALUE_GAP), y: axis.point.y, align: 'start', baseline: 'middle' };
      out.push(textElement([axis.valueLabel ?? ''], anchor, FONT_SIZE));
    }
  }
  out.push('</g>');

  out.push('</svg>');
  return out.join('');
}

function textElement(lines: readonly string[], anchor: ChartLabelAnchor, fontSize: number): string {
  const lineHeight = fontSize * LINE_HEIGHT;
  const block = lines.length * lineHeight;
  // The y of the first baseline: SVG places text by its alphabetic baseline, about 0.8 of the
  // font size below the top of a line.
  const top = anchor.baseline === 'top' ? anchor.y : anchor.baseline === 'bottom' ? anchor.y - block : anchor.y - block / 2;
  const firstBaseline = round(top + fontSize * 0.85);
  const spans = lines
    .map((line, index) => `<tspan x="${num(anchor.x)}" y="${num(round(firstBaseline + index * lineHeight))}">${escapeXml(line)}</tspan>`)
    .join('');
  return `<text text-anchor="${anchor.align}">${spans}</text>`;
}

function lineAttributes(from: ChartPoint, to: ChartPoint): string {
  return `x1="${num(from.x)}" y1="${num(from.y)}" x2="${num(to.x)}" y2="${num(to.y)}"`;
}

function points(list: readonly ChartPoint[]): string {
  return list.map((point) => `${num(point.x)},${num(point.y)}`).join(' ');
}

/** Numbers in SVG: plain decimal notation, no exponent, no trailing zeros. */
function num(value: number): string {
  return String(round(value));
}

function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Escapes text for XML content and attribute values, and drops the characters XML 1.0 forbids
 * (C0 controls other than tab and line breaks, lone surrogates, U+FFFE and U+FFFF), which a
 * label typed by a person can contain and which would make the whole document unreadable.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '"') out += '&quot;';
    else if (char === "'") out += '&apos;';
    else if (code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000) {
      out += char;
    }
  }
  return out;
}

/** FNV-1a, 32 bits, as 8 hex digits: short stable ids, not security. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value.toString(16).padStart(8, '0');
}
