// Where an export's bytes go, in order and a chunk at a time: a file being written (the
// File System Access API's writable), a Blob kept in parts (which the browser may keep
// out of the JavaScript heap, on disk), gzip on the way, or an entry of a .zip. Each
// write waits until the destination has taken the chunk, so memory holds a chunk or two,
// never the file.

/** Takes bytes in order; `write` resolves once the chunk is taken. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
}

const encoder = new TextEncoder();

/** UTF-8 of a string, into a sink. */
export const writeText = (sink: ByteSink, text: string): Promise<void> => sink.write(encoder.encode(text));

/** A Blob's bytes, a chunk at a time, into a sink. */
export async function writeBlob(sink: ByteSink, blob: Blob, signal?: AbortSignal): Promise<void> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) return;
      await sink.write(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/** A WritableStream's writer as a sink: a file (File System Access) or a collector. */
export class StreamSink implements ByteSink {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;

  constructor(writable: WritableStream<Uint8Array>) {
    this.writer = writable.getWriter();
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.writer.ready;
    await this.writer.write(bytes);
  }

  close(): Promise<void> {
    return this.writer.close();
  }

  /** Drops what was written: a File System Access writable leaves the file as it was. */
  abort(reason: unknown): Promise<void> {
    return this.writer.abort(reason).catch(() => undefined);
  }
}

/** Chunks are joined into parts of about this size: a Blob per small chunk costs more than it saves. */
const PART_BYTES = 1 << 20;

/** A sink that keeps what it is given as a Blob of parts. */
export class BlobSink implements ByteSink {
  private readonly parts: Blob[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly type = 'application/octet-stream') {}

  async write(bytes: Uint8Array): Promise<void> {
    // Copied: the writer may reuse its buffer.
    this.pending.push(bytes.slice());
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= PART_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(new Blob(this.pending as Uint8Array<ArrayBuffer>[]));
    this.pending = [];
    this.pendingBytes = 0;
  }

  blob(): Blob {
    this.flush();
    return new Blob(this.parts, { type: this.type });
  }

  /** As a WritableStream, for what writes to one (a File System Access writable's stand-in). */
  writable(): WritableStream<Uint8Array> {
    return new WritableStream({ write: (chunk) => this.write(chunk) });
  }
}

/** gzip (the browser's own CompressionStream) in front of another sink. */
export class GzipSink implements ByteSink {
  private readonly writer: WritableStreamDefaultWriter<BufferSource>;
  private readonly pumped: Promise<void>;

  constructor(inner: ByteSink) {
    const gzip = new CompressionStream('gzip');
    this.writer = gzip.writable.getWriter();
    this.pumped = (async () => {
      const reader = gzip.readable.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        await inner.write(value);
      }
    })();
    // The inner sink failed (a cancel, a full disk): no more gzip output will be read, so
    // error the writing side too, or a write would wait for room forever.
    this.pumped.catch((error: unknown) => this.writer.abort(error).catch(() => undefined));
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.writer.ready;
    // Not awaited: the compressed side is read by the pump, and `ready` waits for it.
    this.writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  }

  /** Ends the gzip stream and waits until all of it reached the inner sink. */
  async close(): Promise<void> {
    await this.writer.close();
    await this.pumped;
  }
}

/** Bytes as base64 (RFC 4648, padded): the browser's own encoder where it has one. */
export function base64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
