// gzip through the browser's own CompressionStream: no library, and it runs off the
// main thread's JavaScript. Blob in, Blob out (streams in, streams out to read), so a large
// bundle never becomes one string.

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(head: Uint8Array): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

export function gzip(blob: Blob): Promise<Blob> {
  return new Response(blob.stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

/** The decompressed bytes of a stream; a damaged or cut stream errors while being read. */
export function gunzip(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return stream.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
}
