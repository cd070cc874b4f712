// The page's side of the photo worker: one worker, started on the first photo.

import type { ResizeReply, ResizeRequest } from './resize-protocol';

export type Resized = Extract<ResizeReply, { ok: true }>;

let worker: Worker | undefined;
let next = 0;
const waiting = new Map<number, (reply: ResizeReply) => void>();

function start(): Worker {
  const w = new Worker(new URL('./resize-worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (event: MessageEvent<ResizeReply>) => {
    waiting.get(event.data.id)?.(event.data);
    waiting.delete(event.data.id);
  };
  w.onerror = () => {
    // The worker itself failed (it could not load): every photo waiting is answered.
    for (const answer of waiting.values()) answer({ id: -1, ok: false });
    waiting.clear();
    worker = undefined;
  };
  return w;
}

/** The photo scaled so that its longest side is at most `maxPixels`; null when it cannot be decoded. */
export function resizePhoto(blob: Blob, maxPixels: number): Promise<Resized | null> {
  worker ??= start();
  const request: ResizeRequest = { id: next++, blob, maxPixels };
  return new Promise((resolve) => {
    waiting.set(request.id, (reply) => resolve(reply.ok ? reply : null));
    worker!.postMessage(request);
  });
}
