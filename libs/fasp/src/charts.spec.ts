import { barChart, type BarChartInput, escapeXml, radarChart, type RadarChart, type RadarChartInput } from './charts';

const STEPS: RadarChartInput = {
  axes: [
    { label: 'Safeguards', value: 3 },
    { label: 'Direct contributions', value: 2.5 },
    { label: 'Indirect contributions', value: 4 },
    { label: 'Enabling conditions', value: 1 },
  ],
  max: 4,
  title: 'Scores by step',
};

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

// ---------------------------------------------------------------------------------------------
// A minimal XML well-formedness checker: enough to prove the SVG is a single element tree with
// balanced tags, quoted attributes, legal entity references and no stray markup characters.

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  let out = '';
  let index = 0;
  while (index < raw.length) {
    const char = raw[index];
    if (char === '<') throw new Error(`raw < in ${where}`);
    if (char !== '&') {
      out += char;
      index += 1;
      continue;
    }
    const end = raw.indexOf(';', index);
    if (end < 0) throw new Error(`unterminated entity in ${where}`);
    const name = raw.slice(index + 1, end);
    if (name in ENTITIES) out += ENTITIES[name];
    else if (name.startsWith('#x')) out += String.fromCodePoint(parseInt(name.slice(2), 16));
    else if (name.startsWith('#')) out += String.fromCodePoint(parseInt(name.slice(1), 10));
    else throw new Error(`unknown entity &${name}; in ${where}`);
    index = end + 1;
  }
  return out;
}

function isNameChar(char: string | undefined): boolean {
  return char !== undefined && !' \t\r\n/>=<"\''.includes(char);
}

function parseXml(source: string): XmlElement {
  let index = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const skipSpace = () => {
    while (index < source.length && ' \t\r\n'.includes(source[index])) index += 1;
  };
  const readName = () => {
    const start = index;
    while (isNameChar(source[index])) index += 1;
    if (start === index) throw new Error(`expected a name at ${index}`);
    return source.slice(start, index);
  };

  while (index < source.length) {
    if (source[index] !== '<') {
      const end = source.indexOf('<', index);
      const text = source.slice(index, end < 0 ? source.length : end);
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error('text outside the root element');
      } else {
        if (text.includes('>')) throw new Error('raw > in text');
        stack[stack.length - 1].children.push(decode(text, 'text'));
      }
      index = end < 0 ? source.length : end;
      continue;
    }
    index += 1;
    if (source[index] === '/') {
      index += 1;
      const name = readName();
      skipSpace();
      if (source[index] !== '>') throw new Error(`bad closing tag ${name}`);
      index += 1;
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`closing </${name}> does not match <${open?.name}>`);
      continue;
    }
    const element: XmlElement = { name: readName(), attributes: {}, children: [] };
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', index) || source[index] === '>') break;
      const attribute = readName();
      skipSpace();
      if (source[index] !== '=') throw new Error(`attribute ${attribute} without value`);
      index += 1;
      skipSpace();
      const quote = source[index];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${attribute}`);
      const end = source.indexOf(quote, index + 1);
      if (end < 0) throw new Error(`unterminated attribute ${attribute}`);
      if (attribute in element.attributes) throw new Error(`duplicate attribute ${attribute}`);
      element.attributes[attribute] = decode(source.slice(index + 1, end), `attribute ${attribute}`);
      index = end + 1;
    }
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (source.startsWith('/>', index)) index += 2;
    else {
      index += 1;
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = element.name === name ? [element] : [];
  for (const child of element.children) if (typeof child !== 'string') found.push(...findAll(child, name));
  return found;
}

function allElements(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap((child) => (typeof child === 'string' ? [] : allElements(child)))];
}

// ---------------------------------------------------------------------------------------------

describe('radarChart: radar geometry', () => {
  const chart = radarChart(STEPS);

  it('is a radar for 4 axes', () => {
    expect(chart.kind).toBe('radar');
    expect(chart.axes).toHaveLength(4);
    expect(chart.barThickness).toBe(0);
  });

  it('spaces the axes evenly, clockwise from the top', () => {
    expect(chart.axes.map((axis) => axis.angle)).toEqual([0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2]);
    const [top, right, bottom, left] = chart.axes.map((axis) => axis.end);
    const { x, y } = chart.centre;
    expect(top.x).toBeCloseTo(x, 1);
    expect(top.y).toBeCloseTo(y - chart.radius, 1);
    expect(right.x).toBeCloseTo(x + chart.radius, 1);
    expect(right.y).toBeCloseTo(y, 1);
    expect(bottom.y).toBeCloseTo(y + chart.radius, 1);
    expect(left.x).toBeCloseTo(x - chart.radius, 1);
  });

  it.each([3, 5, 7, 12])('spaces %i axes by 2π/n', (n) => {
    const many = radarChart({ axes: Array.from({ length: n }, (_, index) => ({ label: `Step ${index + 1}`, value: 2 })), max: 4 });
    expect(many.kind).toBe('radar');
    many.axes.forEach((axis, index) => {
      expect(axis.angle).toBeCloseTo((2 * Math.PI * index) / n, 10);
      expect(distance(axis.end, many.centre)).toBeCloseTo(many.radius, 1);
    });
    // The first axis points straight up.
    expect(many.axes[0].end.x).toBeCloseTo(many.centre.x, 1);
    expect(many.axes[0].end.y).toBeLessThan(many.centre.y);
  });

  it('puts each point at value/max of the radius, on its axis', () => {
    chart.axes.forEach((axis) => {
      expect(distance(axis.point, chart.centre)).toBeCloseTo((chart.radius * (axis.value as number)) / chart.max, 1);
      expect(axis.start).toEqual(chart.centre);
    });
    expect(chart.polygon).toEqual(chart.axes.map((axis) => axis.point));
  });

  it('draws rings at 1..max, each a polygon through the axes', () => {
    expect(chart.rings.map((ring) => ring.value)).toEqual([1, 2, 3, 4]);
    for (const ring of chart.rings) {
      expect(ring.radius).toBeCloseTo((chart.radius * ring.value) / chart.max, 1);
      expect(ring.points).toHaveLength(4);
      for (const point of ring.points) expect(distance(point, chart.centre)).toBeCloseTo(ring.radius, 1);
    }
  });

  it('uses at most 10 rings on a wide scale, always ending at max', () => {
    expect(radarChart({ ...STEPS, max: 100 }).rings.map((ring) => ring.value)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(radarChart({ ...STEPS, max: 2.5 }).rings.map((ring) => ring.value)).toEqual([1, 2, 2.5]);
  });

  it('clamps values to [0, max]', () => {
    const clamped = radarChart({ ...STEPS, axes: [{ label: 'a', value: -1 }, { label: 'b', value: 9 }, { label: 'c', value: 2 }] });
    expect(clamped.axes.map((axis) => axis.plotted)).toEqual([0, 4, 2]);
    expect(clamped.axes[1].point).toEqual(clamped.axes[1].end);
    expect(clamped.axes[0].point).toEqual(clamped.centre);
  });

  it('anchors labels outside the plot, facing away from the centre', () => {
    const [top, right, bottom, left] = chart.axes.map((axis) => axis.labelAnchor);
    expect(top).toMatchObject({ align: 'middle', baseline: 'bottom' });
    expect(right).toMatchObject({ align: 'start', baseline: 'middle' });
    expect(bottom).toMatchObject({ align: 'middle', baseline: 'top' });
    expect(left).toMatchObject({ align: 'end', baseline: 'middle' });
    for (const axis of chart.axes) expect(distance(axis.labelAnchor, chart.centre)).toBeGreaterThan(chart.radius);
  });

  it('fits inside the figure', () => {
    for (const point of [...chart.polygon, ...chart.axes.map((axis) => axis.end), ...chart.axes.map((axis) => axis.labelAnchor)]) {
      expect(point.x).toBeGreaterThanOrEqual(0);
      expect(point.x).toBeLessThanOrEqual(chart.width);
      expect(point.y).toBeGreaterThanOrEqual(0);
      expect(point.y).toBeLessThanOrEqual(chart.height);
    }
  });

  it('grows wider than asked rather than push long labels off the figure', () => {
    const crowded = radarChart({ axes: Array.from({ length: 7 }, (_, index) => ({ label: `Criterion number ${index + 1}`, value: 2 })), max: 4, size: 320 });
    expect(crowded.width).toBeGreaterThan(320);
    for (const axis of crowded.axes) {
      // Estimated label extent, as the layout estimates it (0.6 em a character).
      const extent = Math.max(...axis.labelLines.map((line) => line.length)) * crowded.fontSize * 0.6;
      const { x, align } = axis.labelAnchor;
      const [from, to] = align === 'start' ? [x, x + extent] : align === 'end' ? [x - extent, x] : [x - extent / 2, x + extent / 2];
      expect(from).toBeGreaterThanOrEqual(0);
      expect(to).toBeLessThanOrEqual(crowded.width);
    }
    expect(radarChart(STEPS).width).toBe(320);
  });

  it('breaks long labels into lines and adds the value label last', () => {
    const labelled = radarChart({
      ...STEPS,
      axes: [{ label: 'Soil organic carbon stock increase or maintenance', value: 2.5, valueLabel: '2,5' }, ...STEPS.axes.slice(1)],
    });
    const lines = labelled.axes[0].labelLines;
    expect(lines.length).toBeGreaterThan(2);
    expect(lines[lines.length - 1]).toBe('2,5');
    expect(lines.slice(0, -1).join(' ')).toBe('Soil organic carbon stock increase or maintenance');
    expect(labelled.axes[0].valueLabel).toBe('2,5');
    expect(labelled.axes[1].valueLabel).toBeNull();
  });

  it('rejects a max that is not a positive finite number', () => {
    for (const max of [0, -4, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => radarChart({ ...STEPS, max })).toThrow(RangeError);
  });
});

describe('radarChart: null values', () => {
  const chart = radarChart({ ...STEPS, axes: [STEPS.axes[0], { label: 'Direct contributions', value: null }, ...STEPS.axes.slice(2)] });

  it('draws a null value at 0 and marks it', () => {
    const axis = chart.axes[1];
    expect(axis.value).toBeNull();
    expect(axis.missing).toBe(true);
    expect(axis.plotted).toBe(0);
    expect(axis.point).toEqual(chart.centre);
    expect(chart.axes.filter((candidate) => candidate.missing)).toHaveLength(1);
  });

  it('treats NaN like null', () => {
    const nan = radarChart({ ...STEPS, axes: [{ label: 'a', value: Number.NaN }, ...STEPS.axes.slice(1)] });
    expect(nan.axes[0]).toMatchObject({ value: null, missing: true, plotted: 0 });
  });

  it('draws the missing point hollow and says so in the description', () => {
    const svg = parseXml(radarChart({ ...STEPS, axes: [{ label: 'a', value: null }, ...STEPS.axes.slice(1)], noValueText: 'sans note' }).svg);
    const circles = findAll(svg, 'circle');
    expect(circles[0].attributes.fill).toBe('#ffffff');
    expect(circles[1].attributes.fill).not.toBe('#ffffff');
    expect(textOf(findAll(svg, 'desc')[0])).toContain('a: sans note');
  });

  it('handles every value null', () => {
    const empty = radarChart({ ...STEPS, axes: STEPS.axes.map((axis) => ({ ...axis, value: null })) });
    expect(empty.polygon.every((point) => point.x === empty.centre.x && point.y === empty.centre.y)).toBe(true);
    expect(() => parseXml(empty.svg)).not.toThrow();
  });
});

describe('radarChart: fallback to bars', () => {
  it.each([0, 1, 2, 13])('draws horizontal bars for %i axes', (n) => {
    const chart = radarChart({ axes: Array.from({ length: n }, (_, index) => ({ label: `Item ${index}`, value: index % 5 })), max: 4 });
    expect(chart.kind).toBe('bars');
    expect(chart.axes).toHaveLength(n);
    expect(chart.barThickness).toBeGreaterThan(0);
    chart.axes.forEach((axis) => {
      expect(axis.angle).toBe(0);
      expect(axis.start.y).toBe(axis.end.y);
      expect(axis.point.y).toBe(axis.start.y);
      expect(axis.end.x - axis.start.x).toBeCloseTo(chart.radius, 1);
      expect(axis.point.x - axis.start.x).toBeCloseTo((chart.radius * axis.plotted) / chart.max, 1);
      expect(axis.labelAnchor).toMatchObject({ align: 'end', baseline: 'middle' });
      expect(axis.labelAnchor.x).toBeLessThan(axis.start.x);
    });
    // Tracks are stacked top to bottom in axis order.
    for (let index = 1; index < n; index += 1) expect(chart.axes[index].start.y).toBeGreaterThan(chart.axes[index - 1].start.y);
    expect(chart.rings.map((ring) => ring.value)).toEqual([1, 2, 3, 4]);
    for (const ring of chart.rings) expect(ring.points).toHaveLength(2);
    const svg = parseXml(chart.svg);
    expect(findAll(svg, 'rect')).toHaveLength(chart.axes.filter((axis) => axis.plotted > 0).length);
  });
});

describe('radarChart: SVG', () => {
  it('is a well-formed standalone accessible SVG', () => {
    const { svg } = radarChart(STEPS);
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(root.attributes.role).toBe('img');
    expect(root.attributes.viewBox).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
    const [title] = findAll(root, 'title');
    expect(textOf(title)).toBe('Scores by step');
    expect(root.attributes['aria-labelledby'].split(' ')).toEqual([title.attributes.id, findAll(root, 'desc')[0].attributes.id]);
    expect(textOf(findAll(root, 'desc')[0])).toBe('Safeguards: 3; Direct contributions: 2.5; Indirect contributions: 4; Enabling conditions: 1');
  });

  it('has no external reference, script or style', () => {
    const root = parseXml(radarChart(STEPS).svg);
    const names = new Set(allElements(root).map((element) => element.name));
    for (const forbidden of ['script', 'style', 'image', 'use', 'a', 'foreignObject']) expect(names.has(forbidden)).toBe(false);
    for (const element of allElements(root)) {
      for (const [name, value] of Object.entries(element.attributes)) {
        expect(name.startsWith('on')).toBe(false);
        expect(name).not.toMatch(/href$/);
        expect(value).not.toMatch(/url\(/);
      }
    }
  });

  it('is small', () => {
    expect(radarChart(STEPS).svg.length).toBeLessThan(6000);
  });

  it('escapes labels and title for XML', () => {
    const nasty = `R&D <b>"soil" 'carbon'</b> ]]> &amp;`;
    const chart = radarChart({ axes: [{ label: nasty, value: 1 }, ...STEPS.axes.slice(1)], max: 4, title: `Scores <&> "quoted"` });
    expect(chart.svg).not.toContain('<b>');
    const root = parseXml(chart.svg);
    expect(textOf(findAll(root, 'title')[0])).toBe(`Scores <&> "quoted"`);
    const labels = findAll(root, 'text').map((text) => findAll(text, 'tspan').map(textOf).join(' '));
    expect(labels).toContain(chart.axes[0].labelLines.join(' '));
    expect(chart.axes[0].labelLines.join(' ')).toBe(nasty);
  });

  it('keeps accents and drops characters XML forbids', () => {
    const chart = radarChart({ axes: [{ label: 'Garanties\u0000 (sauvegardes) é ñ ¿ «»', value: 2 }, ...STEPS.axes.slice(1)], max: 4 });
    const root = parseXml(chart.svg);
    expect(findAll(root, 'tspan').map(textOf).join(' ')).toContain('Garanties (sauvegardes) é ñ ¿ «»');
    expect(chart.svg).not.toContain('\u0000');
  });

  it('shows the levels and every label', () => {
    const root = parseXml(radarChart(STEPS).svg);
    const texts = findAll(root, 'text').map(textOf);
    for (const level of ['1', '2', '3', '4']) expect(texts).toContain(level);
    expect(texts.join(' ')).toContain('Safeguards');
    expect(findAll(root, 'circle')).toHaveLength(4);
  });
});

describe('radarChart: determinism', () => {
  it('returns equal results for equal input', () => {
    const a: RadarChart = radarChart(STEPS);
    const b: RadarChart = radarChart(structuredClone(STEPS));
    expect(b).toEqual(a);
    expect(b.svg).toBe(a.svg);
  });

  it('gives different ids to different charts', () => {
    const id = (svg: string) => /id="([^"]+)-title"/.exec(svg)?.[1];
    expect(id(radarChart(STEPS).svg)).not.toBe(id(radarChart({ ...STEPS, title: 'Other' }).svg));
  });

  it('does not mutate its input', () => {
    const input = structuredClone(STEPS);
    radarChart(input);
    expect(input).toEqual(STEPS);
  });
});

const STAGES: BarChartInput = {
  bars: [
    { label: 'Eligibility check', value: 3 },
    { label: 'Information requested', value: 0 },
    { label: 'Reviewer assignment', value: 17, valueLabel: '17 projects' },
    { label: 'In review', value: 5 },
  ],
  title: 'Projects by stage',
};

describe('barChart', () => {
  const chart = barChart(STAGES);

  it('lays one horizontal track per category, top to bottom in input order', () => {
    expect(chart.kind).toBe('bars');
    expect(chart.axes.map((axis) => axis.label)).toEqual(STAGES.bars.map((bar) => bar.label));
    for (let index = 1; index < chart.axes.length; index += 1) expect(chart.axes[index].start.y).toBeGreaterThan(chart.axes[index - 1].start.y);
    for (const axis of chart.axes) {
      expect(axis.start.y).toBe(axis.end.y);
      expect(axis.end.x - axis.start.x).toBeCloseTo(chart.radius, 1);
      expect(axis.point.x - axis.start.x).toBeCloseTo((chart.radius * (axis.value as number)) / chart.max, 1);
      expect(axis.labelAnchor).toMatchObject({ align: 'end', baseline: 'middle' });
    }
  });

  it('draws a rectangle for every category above 0 and prints every value after its bar', () => {
    const root = parseXml(chart.svg);
    const rects = findAll(root, 'rect');
    expect(rects).toHaveLength(3);
    expect(rects.map((rect) => Number(rect.attributes.width))).toEqual(chart.axes.filter((axis) => axis.plotted > 0).map((axis) => expect.closeTo(axis.point.x - axis.start.x, 1)));
    const texts = findAll(root, 'text').map(textOf);
    for (const value of ['3', '0', '17 projects', '5']) expect(texts).toContain(value);
    expect(findAll(root, 'circle')).toHaveLength(0);
  });

  it('chooses a round scale at or above the largest value, with at most 10 levels', () => {
    expect(chart.max).toBe(18);
    expect(chart.rings.map((ring) => ring.value)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(barChart({ bars: [{ label: 'a', value: 3 }] }).rings.map((ring) => ring.value)).toEqual([1, 2, 3]);
    expect(barChart({ bars: [{ label: 'a', value: 1234 }] }).max).toBe(1400);
    expect(barChart({ bars: [{ label: 'a', value: 50 }] }).rings.map((ring) => ring.value)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    const empty = barChart({ bars: [{ label: 'a', value: 0 }, { label: 'b', value: 0 }] });
    expect(empty.max).toBe(1);
    expect(findAll(parseXml(empty.svg), 'rect')).toHaveLength(0);
  });

  it('clamps to a given max', () => {
    const clamped = barChart({ bars: [{ label: 'a', value: 9 }, { label: 'b', value: 1 }], max: 4 });
    expect(clamped.rings.map((ring) => ring.value)).toEqual([1, 2, 3, 4]);
    expect(clamped.axes[0].point).toEqual(clamped.axes[0].end);
    expect(clamped.axes[0].valueLabel).toBe('9');
  });

  it('keeps a full bar and its printed value inside the figure', () => {
    const wide = barChart({ bars: [{ label: 'Reviewer assignment', value: 20, valueLabel: '20 projects in all' }, { label: 'In review', value: 3 }] });
    const full = wide.axes[0];
    expect(full.point).toEqual(full.end);
    const valueEnd = full.point.x + 4 + (full.valueLabel as string).length * wide.fontSize * 0.6;
    expect(valueEnd).toBeLessThanOrEqual(wide.width);
    expect(wide.width).toBe(480);
  });

  it('is a well-formed accessible SVG that says every value', () => {
    const root = parseXml(chart.svg);
    expect(root.attributes.role).toBe('img');
    expect(textOf(findAll(root, 'title')[0])).toBe('Projects by stage');
    expect(textOf(findAll(root, 'desc')[0])).toBe('Eligibility check: 3; Information requested: 0; Reviewer assignment: 17 projects; In review: 5');
    const escaped = barChart({ bars: [{ label: `R&D <b>"soil"</b>`, value: 1 }], title: 'a < b' });
    expect(escaped.svg).not.toContain('<b>');
    expect(() => parseXml(escaped.svg)).not.toThrow();
  });

  it('draws nothing but the frame for no category', () => {
    const none = barChart({ bars: [] });
    expect(none.axes).toHaveLength(0);
    expect(() => parseXml(none.svg)).not.toThrow();
  });

  it('refuses negative or non-finite values and a bad max', () => {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => barChart({ bars: [{ label: 'a', value }] })).toThrow(RangeError);
    for (const max of [0, -2, Number.NaN]) expect(() => barChart({ bars: [{ label: 'a', value: 1 }], max })).toThrow(RangeError);
  });

  it('is deterministic and leaves its input alone', () => {
    const input = structuredClone(STAGES);
    expect(barChart(input).svg).toBe(chart.svg);
    expect(input).toEqual(STAGES);
  });

  it('shares the layout of the bars radarChart draws for few axes, without their markers', () => {
    const axes = [
      { label: 'Safeguards', value: 3 },
      { label: 'Direct contributions', value: 1 },
    ];
    const scores = radarChart({ axes, max: 4, size: 480 });
    const counts = barChart({ bars: axes, max: 4, size: 480 });
    expect(counts.axes.map((axis) => [axis.start, axis.labelAnchor])).toEqual(scores.axes.map((axis) => [axis.start, axis.labelAnchor]));
    expect(counts.barThickness).toBe(scores.barThickness);
    expect(findAll(parseXml(scores.svg), 'circle')).toHaveLength(2);
  });
});

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('keeps astral characters and drops lone surrogates', () => {
    expect(escapeXml('🌱 sol')).toBe('🌱 sol');
    expect(escapeXml('a\uD800b')).toBe('ab');
  });
});
