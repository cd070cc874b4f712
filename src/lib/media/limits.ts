// How far a photo is scaled down (how big a file may be: MAX_FILE_BYTES in
// lib/domain/file-questions.ts).

import type { FieldQuestion } from '../domain/types';

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
