/**
 * Recognises an uploaded attachment by its content, never by its name or declared type. Uploads
 * are streamed, so only the first and last bytes are at hand: enough for the signatures below
 * and for the central directory of a ZIP container, which sits at the end of the file.
 *
 * Accepted, and nothing else: PDF, PNG, JPEG, and the ZIP-based DOCX, XLSX and ODT.
 *
 * Decisions:
 * - PDF: `%PDF-` followed by a version `1.x` or `2.x` at byte 0, and `%%EOF` within the last
 *   1024 bytes. ISO 32000 puts the header on the first line; readers that tolerate it anywhere
 *   in the first 1024 bytes make room for polyglots (an HTML page or a script with a PDF
 *   further down), so leading bytes are refused. The end marker refuses truncated uploads and
 *   text that merely starts like a PDF; 1024 bytes is the slack readers allow after it.
 * - PNG: the 8-byte signature followed by a complete, plausible IHDR chunk.
 * - JPEG: FF D8 FF and a marker byte (C0..FE) after it. The end is not checked: cameras and
 *   editors often append data after the end-of-image marker.
 * - ZIP: `PK\x03\x04` at byte 0, an end-of-central-directory record ending the file (a trailing
 *   comment is fine), a central directory lying wholly in the tail and ending where that record
 *   starts, one disk, no ZIP64, no encrypted entry, no duplicate name, and an entry whose local
 *   header is the one at byte 0. Then:
 *   - DOCX ⇔ `[Content_Types].xml` and `word/document.xml`;
 *   - XLSX ⇔ `[Content_Types].xml` and `xl/workbook.xml`;
 *   - ODT ⇔ the entry at byte 0 is `mimetype`, stored, holding exactly
 *     `application/vnd.oasis.opendocument.text` (read from the head; an extra field in its local
 *     header is tolerated), and `content.xml` exists.
 *   An archive matching more than one of these is refused as ambiguous.
 * - Inconsistent input (no bytes, a window longer than the file, a size that is not a whole
 *   number) gives null. Every read is bounds-checked: hostile bytes give null, never an error.
 */

/** How many bytes from the start of the file the sniffer wants. */
export const SNIFF_HEAD_BYTES = 8 * 1024;

/** How many bytes from the end of the file the sniffer wants (room for a central directory). */
export const SNIFF_TAIL_BYTES = 256 * 1024;

/** Frozen, because the sniffer hands out these very objects. */
const accepted = <M extends string, E extends string>(mediaType: M, extension: E) => Object.freeze({ mediaType, extension });

export const ACCEPTED_CONTENT_TYPES = Object.freeze([
  accepted('application/pdf', 'pdf'),
  accepted('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'),
  accepted('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'),
  accepted('application/vnd.oasis.opendocument.text', 'odt'),
  accepted('image/png', 'png'),
  accepted('image/jpeg', 'jpg'),
] as const);

export type SniffedContentType = (typeof ACCEPTED_CONTENT_TYPES)[number];
export type AcceptedMediaType = SniffedContentType['mediaType'];

export interface SniffInput {
  /** The first min(size, SNIFF_HEAD_BYTES) bytes (fewer only limits what can be recognised). */
  head: Uint8Array;
  /** The last min(size, SNIFF_TAIL_BYTES) bytes; for a small file, head and tail overlap. */
  tail: Uint8Array;
  /** The size of the whole file in bytes. */
  size: number;
}

const [PDF, DOCX, XLSX, ODT, PNG, JPEG] = ACCEPTED_CONTENT_TYPES;

const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';
const PDF_EOF_SLACK = 1024;

const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP_END_LENGTH = 22;
const ZIP_CENTRAL_LENGTH = 46;
const ZIP_LOCAL_LENGTH = 30;
const ZIP_MAX_COMMENT = 0xffff;

/** The media type and usual extension of an accepted attachment, or null for anything else. */
export function sniffContentType(input: SniffInput): SniffedContentType | null {
  const { head, tail, size } = input;
  if (!(head instanceof Uint8Array) || !(tail instanceof Uint8Array)) return null;
  if (!Number.isSafeInteger(size) || size <= 0 || head.length === 0 || head.length > size || tail.length > size) return null;
  const file = new FileWindow(head, tail, size);

  if (file.startsWith('%PDF-')) return isPdf(file) ? PDF : null;
  if (file.startsWith('\x89PNG\r\n\x1a\n')) return isPng(file) ? PNG : null;
  if (file.startsWith('\xff\xd8\xff')) return file.byte(3) >= 0xc0 && file.byte(3) <= 0xfe ? JPEG : null;
  if (file.u32(0) === ZIP_LOCAL_HEADER) return sniffZip(file);
  return null;
}

/**
 * The bytes known of a file: its head and its tail, addressed by offset in the whole file.
 * Reads outside them answer -1 (bytes) or null (ranges), so callers need no try/catch.
 */
class FileWindow {
  readonly tailStart: number;

  constructor(
    readonly head: Uint8Array,
    readonly tail: Uint8Array,
    readonly size: number,
  ) {
    this.tailStart = size - tail.length;
  }

  byte(offset: number): number {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.size) return -1;
    if (offset < this.head.length) return this.head[offset];
    if (offset >= this.tailStart) return this.tail[offset - this.tailStart];
    return -1;
  }

  /** Little-endian 16-bit value, or -1 when any byte is unknown. */
  u16(offset: number): number {
    const b0 = this.byte(offset);
    const b1 = this.byte(offset + 1);
    return b0 < 0 || b1 < 0 ? -1 : b0 + b1 * 0x100;
  }

  /** Little-endian 32-bit value (unsigned), or -1 when any byte is unknown. */
  u32(offset: number): number {
    const low = this.u16(offset);
    const high = this.u16(offset + 2);
    return low < 0 || high < 0 ? -1 : low + high * 0x10000;
  }

  /** The bytes [offset, offset + length) as a latin1 string, or null when any is unknown. */
  text(offset: number, length: number): string | null {
    if (!Number.isSafeInteger(length) || length < 0) return null;
    let out = '';
    for (let i = 0; i < length; i++) {
      const b = this.byte(offset + i);
      if (b < 0) return null;
      out += String.fromCharCode(b);
    }
    return out;
  }

  /** Whether the file starts with `prefix`, given as a latin1 string. */
  startsWith(prefix: string): boolean {
    return this.text(0, prefix.length) === prefix;
  }
}

function isPdf(file: FileWindow): boolean {
  const version = file.text(5, 3);
  if (version === null || !/^[12]\.\d$/.test(version)) return false;
  // The tail holds the end of the file; look for the marker in its last 1024 bytes.
  const from = Math.max(0, file.tail.length - PDF_EOF_SLACK);
  const end = file.tail.subarray(from);
  for (let i = end.length - 5; i >= 0; i--) {
    if (end[i] === 0x25 && end[i + 1] === 0x25 && end[i + 2] === 0x45 && end[i + 3] === 0x4f && end[i + 4] === 0x46) return true;
  }
  return false;
}

function isPng(file: FileWindow): boolean {
  // Signature (8), then the IHDR chunk: length 13, type, width, height, depth, colour type,
  // compression, filter, interlace, CRC; 33 bytes in all.
  if (file.u32(8) !== 0x0d000000 || file.text(12, 4) !== 'IHDR' || file.byte(32) < 0) return false;
  const width = be32(file, 16);
  const height = be32(file, 20);
  const depth = file.byte(24);
  const colour = file.byte(25);
  return width > 0 && height > 0 && [1, 2, 4, 8, 16].includes(depth) && [0, 2, 3, 4, 6].includes(colour);
}

function be32(file: FileWindow, offset: number): number {
  const bytes = [0, 1, 2, 3].map((i) => file.byte(offset + i));
  return bytes.some((b) => b < 0) ? -1 : bytes.reduce((value, b) => value * 0x100 + b, 0);
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function sniffZip(file: FileWindow): SniffedContentType | null {
  const entries = readCentralDirectory(file);
  if (!entries) return null;
  const names = new Set(entries.map((entry) => entry.name));
  if (names.size !== entries.length) return null;

  // The archive must start at byte 0: the local header there belongs to one of its entries.
  const first = entries.find((entry) => entry.localOffset === 0);
  if (!first) return null;
  const nameLength = file.u16(26);
  const extraLength = file.u16(28);
  if (nameLength < 0 || extraLength < 0 || file.text(ZIP_LOCAL_LENGTH, nameLength) !== first.name) return null;

  const officeTypes = names.has('[Content_Types].xml');
  const matches: SniffedContentType[] = [];
  if (officeTypes && names.has('word/document.xml')) matches.push(DOCX);
  if (officeTypes && names.has('xl/workbook.xml')) matches.push(XLSX);
  if (isOdt(file, first, ZIP_LOCAL_LENGTH + nameLength + extraLength) && names.has('content.xml')) matches.push(ODT);
  return matches.length === 1 ? matches[0] : null;
}

/** ODF packages open with a stored `mimetype` entry naming the document type. */
function isOdt(file: FileWindow, first: ZipEntry, dataOffset: number): boolean {
  return (
    first.name === 'mimetype' &&
    first.method === 0 &&
    file.u16(8) === 0 &&
    first.compressedSize === ODT_MIMETYPE.length &&
    first.size === ODT_MIMETYPE.length &&
    dataOffset + ODT_MIMETYPE.length <= file.head.length &&
    file.text(dataOffset, ODT_MIMETYPE.length) === ODT_MIMETYPE
  );
}

/** The end-of-central-directory record's offset in the tail, or -1. */
function findEnd(tail: Uint8Array): number {
  const lowest = Math.max(0, tail.length - ZIP_END_LENGTH - ZIP_MAX_COMMENT);
  for (let at = tail.length - ZIP_END_LENGTH; at >= lowest; at--) {
    if (tail[at] !== 0x50 || tail[at + 1] !== 0x4b || tail[at + 2] !== 0x05 || tail[at + 3] !== 0x06) continue;
    // The record's comment must run exactly to the end of the file; a signature that merely
    // appears inside a comment or inside data does not.
    const commentLength = tail[at + 20] + tail[at + 21] * 0x100;
    if (at + ZIP_END_LENGTH + commentLength === tail.length) return at;
  }
  return -1;
}

function readCentralDirectory(file: FileWindow): ZipEntry[] | null {
  const at = findEnd(file.tail);
  if (at < 0) return null;
  const end = file.tailStart + at;
  if (file.u32(end) !== ZIP_END) return null;
  // A ZIP64 locator sits just before the record; ZIP64 archives are not accepted.
  if (end >= 20 && file.u32(end - 20) === ZIP64_END_LOCATOR) return null;
  const disk = file.u16(end + 4);
  const directoryDisk = file.u16(end + 6);
  const entriesHere = file.u16(end + 8);
  const count = file.u16(end + 10);
  const directorySize = file.u32(end + 12);
  const directoryOffset = file.u32(end + 16);
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== count || count === 0 || count === 0xffff) return null;
  if (directorySize === 0xffffffff || directoryOffset === 0xffffffff) return null;
  if (directoryOffset + directorySize !== end || directoryOffset < file.tailStart) return null;

  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (offset + ZIP_CENTRAL_LENGTH > end || file.u32(offset) !== ZIP_CENTRAL_HEADER) return null;
    const flags = file.u16(offset + 8);
    const nameLength = file.u16(offset + 28);
    const extraLength = file.u16(offset + 30);
    const commentLength = file.u16(offset + 32);
    const next = offset + ZIP_CENTRAL_LENGTH + nameLength + extraLength + commentLength;
    if (next > end) return null;
    const name = file.text(offset + ZIP_CENTRAL_LENGTH, nameLength);
    const localOffset = file.u32(offset + 42);
    // Bit 0: encrypted, which no reader of ours (nor a virus scanner) could look into.
    if (name === null || flags & 1 || localOffset >= directoryOffset) return null;
    entries.push({
      name,
      method: file.u16(offset + 10),
      compressedSize: file.u32(offset + 20),
      size: file.u32(offset + 24),
      localOffset,
    });
    offset = next;
  }
  return offset === end ? entries : null;
}
