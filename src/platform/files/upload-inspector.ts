import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

const HEAD_BYTES = 8 * 1024;
const TAIL_BYTES = 256 * 1024;

/**
 * Passes an upload through unchanged while computing its SHA-256 and size, and keeping its
 * first 8 KiB and last 256 KiB: enough to recognise its type by content without holding the
 * file in memory.
 */
export class UploadInspector extends Transform {
  private readonly hash = createHash('sha256');
  private headChunks: Buffer[] = [];
  private headLength = 0;
  private tailChunks: Buffer[] = [];
  private tailLength = 0;
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLength);
      this.headChunks.push(part);
      this.headLength += part.length;
    }
    this.tailChunks.push(chunk);
    this.tailLength += chunk.length;
    while (this.tailChunks.length > 1 && this.tailLength - this.tailChunks[0].length >= TAIL_BYTES) {
      this.tailLength -= this.tailChunks.shift()!.length;
    }
    callback(null, chunk);
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  get tail(): Buffer {
    const all = Buffer.concat(this.tailChunks);
    return all.subarray(Math.max(0, all.length - TAIL_BYTES));
  }
}
