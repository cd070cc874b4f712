// gzip through the browser's own CompressionStream: no library, and it runs off the
// main thread's JavaScript. Blob in, Blob out, so a large bundle never becomes one string.

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(head: Uint8Array): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

export function gzip(blob: Blob): Promise<Blob> {
  return new Response(blob.stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

/** The decompressed bytes as a stream; a damaged or cut stream errors while being read. */
export function gunzip(blob: Blob): ReadableStream<Uint8Array> {
  return blob.stream().pipeThrough(new DecompressionStream('gzip'));
}
