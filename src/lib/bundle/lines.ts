// Splits a byte stream into lines without decoding it: in UTF-8 the byte 0x0A is only
// ever a newline, and JSON escapes the newlines inside strings.

import { BundleError } from './errors';

export interface Line {
  /** The line's bytes, without its newline; valid only until the next line is asked for. */
  bytes: Uint8Array;
  /** false for a last line that the stream ended in the middle of. */
  terminated: boolean;
}

const NEWLINE = 0x0a;

function concat(pieces: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/**
 * The stream's lines. A line longer than `maxLineBytes` is refused before it is held
 * in memory ('bundle.tooLarge'); a stream that fails (damaged gzip) is 'bundle.corrupt',
 * unless it failed with a BundleError of its own.
 */
export async function* lines(stream: ReadableStream<Uint8Array>, maxLineBytes: number): AsyncGenerator<Line> {
  const reader = stream.getReader();
  let carry: Uint8Array[] = [];
  let carryLength = 0;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        // A decrypting source says itself what is wrong (cut, altered).
        if (e instanceof BundleError) throw e;
        throw new BundleError('bundle.corrupt', { reason: e instanceof Error ? e.message : String(e) }, { cause: e });
      }
      if (chunk.done) break;
      const bytes = chunk.value;
      let start = 0;
      for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
        let line = bytes.subarray(start, end);
        if (carry.length > 0) {
          line = concat([...carry, line], carryLength + line.length);
          carry = [];
          carryLength = 0;
        }
        if (line.length > maxLineBytes) throw new BundleError('bundle.tooLarge', { limitMb: maxLineBytes >> 20 });
        yield { bytes: line, terminated: true };
        start = end + 1;
      }
      if (start < bytes.length) {
        carry.push(bytes.slice(start));
        carryLength += bytes.length - start;
        if (carryLength > maxLineBytes) throw new BundleError('bundle.tooLarge', { limitMb: maxLineBytes >> 20 });
      }
    }
    if (carry.length > 0) yield { bytes: concat(carry, carryLength), terminated: false };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
