// Messages between the page and the photo worker (resize-worker.ts).

export interface ResizeRequest {
  id: number;
  blob: Blob;
  /** The longest side the photo may have, in pixels. */
  maxPixels: number;
}

export type ResizeReply =
  /** `blob` null: the photo is within the limit and is kept as taken. */
  | { id: number; ok: true; blob: Blob | null; width: number; height: number }
  | { id: number; ok: false };
