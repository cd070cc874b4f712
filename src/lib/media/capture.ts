// A file taken or picked, made ready to store: refused when the question does not take
// its type, when it is too large, or when the device has no room for it; a photo
// scaled down to the question's max-pixels.

import { accepts } from './accept';
import { MAX_FILE_BYTES } from './limits';
import { resizePhoto } from './resize';
import { hasRoomFor } from './room';

export type CaptureRefusal = 'type' | 'tooLarge' | 'noRoom';

export type Prepared = { ok: true; blob: Blob; name: string } | { ok: false; reason: CaptureRefusal };

export interface CaptureRule {
  /** The input's accept list (acceptOf); undefined for any file. */
  accept: string | undefined;
  /** Images: scale down to this longest side; null keeps the photo as taken. */
  maxPixels: number | null;
}

/** A scaled-down photo is a JPEG: its name says so. */
const asJpegName = (name: string) => `${name.replace(/\.[^./]*$/, '') || 'photo'}.jpg`;

export async function prepareCapture(file: File, rule: CaptureRule): Promise<Prepared> {
  if (!accepts(rule.accept, file)) return { ok: false, reason: 'type' };
  if (file.size > MAX_FILE_BYTES) return { ok: false, reason: 'tooLarge' };
  let blob: Blob = file;
  let name = file.name;
  if (rule.maxPixels !== null && file.type.startsWith('image/')) {
    const resized = await resizePhoto(file, rule.maxPixels);
    // A photo this browser cannot decode is kept as taken rather than lost.
    if (resized?.blob) {
      blob = resized.blob;
      name = asJpegName(file.name);
    }
  }
  if (!(await hasRoomFor(blob.size))) return { ok: false, reason: 'noRoom' };
  return { ok: true, blob, name };
}
