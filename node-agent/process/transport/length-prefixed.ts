/**
 * Frames on a plain byte stream: each frame is a 4-byte big-endian length and then that many bytes (the
 * same PeerFrame bytes a gRPC stream message would carry). Used by the loopback peer socket, which
 * spares two agents on one machine grpc-js's and HTTP/2's per-message work.
 */
import { FieldError } from '../../../app/util/field-error';

const headerBytes = 4;

/** One buffer holding the length and the frame: a single socket write, a copy of a few hundred bytes. */
export function withLengthPrefix(frame: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(headerBytes + frame.byteLength);
  out.writeUInt32BE(frame.byteLength, 0);
  out.set(frame, headerBytes);
  return out;
}

/**
 * Cuts a byte stream back into frames. A length above `maxBytes` is refused with a FieldError naming
 * the limit (the stream cannot be resynchronised after it, so the caller closes the socket).
 */
export class LengthPrefixedReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly maxBytes: number,
    private readonly onFrame: (frame: Buffer) => void,
  ) {}

  /** Takes the next chunk read from the socket; calls onFrame for every frame it completes. */
  push(chunk: Buffer): void {
    let bytes = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (bytes.length >= headerBytes) {
      const length = bytes.readUInt32BE(0);
      if (length > this.maxBytes) {
        throw new FieldError('frame.length', `${length} bytes is above the limit`, this.maxBytes);
      }
      if (bytes.length < headerBytes + length) break;
      this.onFrame(bytes.subarray(headerBytes, headerBytes + length));
      bytes = bytes.subarray(headerBytes + length);
    }
    this.pending = bytes;
  }
}
