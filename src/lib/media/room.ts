// Before a capture: is there room for it? The browser's estimate of the space left to
// this site (navigator.storage.estimate) is checked first, so that a photo that cannot
// be stored is refused before anything is changed; a write can still fail for lack of
// space (the estimate is coarse), and that failure is caught where files are written.

/** Kept free beyond the file itself: the response record and its indexes are written with it. */
const RESERVE_BYTES = 256 * 1024;

/** False when the browser says fewer than `bytes` (and a little more) are left; true when it cannot say. */
export async function hasRoomFor(bytes: number): Promise<boolean> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (!estimate || estimate.quota === undefined || estimate.usage === undefined) return true;
  return estimate.quota - estimate.usage >= bytes + RESERVE_BYTES;
}
