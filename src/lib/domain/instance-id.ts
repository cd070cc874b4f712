// Stable ids of repeat instances (INSTANCE_ID in types.ts). An id is never a position:
// merges match instances by id, so two devices that each add a household member keep both.
// Ids sort by creation: 9 base-36 characters of the creation time, then a random suffix.

let lastTime = 0;

/** A new id, later in sort order than every id this page made before (even within one millisecond). */
export function newInstanceId(now: number = Date.now()): string {
  // Instances made in one burst (repeat_count) must keep their order once sorted by id.
  lastTime = Math.max(now, lastTime + 1);
  const random = crypto.getRandomValues(new Uint32Array(2));
  const suffix = Array.from(random, (n) => n.toString(36).padStart(7, '0')).join('');
  return `${lastTime.toString(36).padStart(9, '0')}-${suffix}`;
}

/**
 * The id an instance saved before instances had ids gets from its position (1-based):
 * every device upgrading the same record gives it the same id, and it sorts before any new one.
 */
export function migratedInstanceId(position: number): string {
  return `000000000-${String(position).padStart(4, '0')}`;
}
