/**
 * Test support only: a small ZIP writer (PKWARE APPNOTE 6.3), so that specs can build real
 * containers — and deliberately broken ones — instead of shipping binary fixtures.
 *
 * Entries are stored (method 0) or deflated (method 8), with real CRC-32s, local headers, a
 * central directory and an end-of-central-directory record. No ZIP64, no data descriptors.
 * Timestamps are fixed (1980-01-01 00:00) so that the same entries always give the same bytes.
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  data: string | Uint8Array;
  /** 0 stores, 8 deflates; stored by default. */
  method?: 0 | 8;
  /** Extra field of the local header (the central directory gets none). */
  localExtra?: Uint8Array;
  /** General-purpose flags, written in both headers (bit 11, UTF-8 names, is added as needed). */
  flags?: number;
}

export interface ZipOptions {
  /** Archive comment, after the end-of-central-directory record. */
  comment?: string | Uint8Array;
  /** Bytes before the first local header (as in a self-extracting archive). */
  prefix?: Uint8Array;
}

export interface BuiltZip {
  bytes: Buffer;
  /** Where the central directory starts, and its length. */
  directoryOffset: number;
  directorySize: number;
  /** Where the end-of-central-directory record starts. */
  endOffset: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, reflected, as used by ZIP and PNG). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

function toBytes(value: string | Uint8Array): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
}

/** Builds a ZIP archive with the entries in the given order. */
export function buildZip(entries: ZipEntrySpec[], options: ZipOptions = {}): BuiltZip {
  const prefix = Buffer.from(options.prefix ?? new Uint8Array(0));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = prefix.length;

  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = toBytes(entry.data);
    const method = entry.method ?? 0;
    const stored = method === 8 ? deflateRawSync(data) : data;
    const extra = Buffer.from(entry.localExtra ?? new Uint8Array(0));
    const utf8 = name.length !== entry.name.length ? 0x0800 : 0;
    const flags = (entry.flags ?? 0) | utf8;
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    locals.push(local, name, extra, stored);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // Extra (30), comment (32), disk (34), internal (36) and external (38) attributes stay 0.
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + extra.length + stored.length;
  }

  const directory = Buffer.concat(centrals);
  const comment = toBytes(options.comment ?? '');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);

  return {
    bytes: Buffer.concat([prefix, ...locals, directory, end, comment]),
    directoryOffset: offset,
    directorySize: directory.length,
    endOffset: offset + directory.length,
  };
}
