// How big a captured file may be, and how far a photo is scaled down.

import type { FieldQuestion } from '../domain/types';

/**
 * Audio, video and other files larger than this are refused: a phone of 1–1.5 GB must
 * not fill up with one recording, and bundles and sync carry each file whole. 100 MB is
 * about 10 minutes of phone video. XLSForm has no column for a size limit, so it is
 * the same for every form.
 */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/**
 * The longest side, in pixels, an image question's photo is scaled down to: the
 * question's `max-pixels` parameter (pyxform writes it as `orx:max-pixels`). Without
 * it, ODK Collect keeps the photo as taken (its "Image size" setting defaults to the
 * original size) and so does Piso: null.
 */
export function maxPixelsOf(question: Pick<FieldQuestion, 'parameters'> | undefined): number | null {
  const value = Number(question?.parameters?.['max-pixels']);
  return Number.isInteger(value) && value > 0 ? value : null;
}
