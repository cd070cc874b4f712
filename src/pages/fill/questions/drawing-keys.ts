// The keyboard on a drawing surface (the image drawing canvas, the offline drawing of a
// location): the arrow keys move a cursor, by `step` or with Shift by `far`, kept on the
// surface; Space or Enter acts at the cursor (puts the pen down or lifts it, adds a point).
// One place, so that every drawing answers the same keys the same way.

export type Spot = readonly [number, number];

export interface DrawingKeys {
  /** One arrow press, in the surface's units. */
  step: number;
  /** One arrow press with Shift. */
  far: number;
  width: number;
  height: number;
}

const ARROWS: Record<string, Spot> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** Where an arrow key moves the cursor (null for any other key). */
export function arrowMove(keys: DrawingKeys, cursor: Spot, e: Pick<KeyboardEvent, 'key' | 'shiftKey'>): [number, number] | null {
  const by = ARROWS[e.key];
  if (!by) return null;
  const step = e.shiftKey ? keys.far : keys.step;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return [clamp(cursor[0] + by[0] * step, keys.width), clamp(cursor[1] + by[1] * step, keys.height)];
}

/** Space or Enter: act where the cursor is. */
export function isActKey(e: Pick<KeyboardEvent, 'key'>): boolean {
  return e.key === ' ' || e.key === 'Enter';
}

/** Where a pointer is on a surface drawn `width` × `height` units in `box` (its bounding box). */
export function spotOf(box: Pick<DOMRect, 'left' | 'top' | 'width' | 'height'>, width: number, height: number, e: Pick<MouseEvent, 'clientX' | 'clientY'>): [number, number] {
  return [((e.clientX - box.left) * width) / box.width, ((e.clientY - box.top) * height) / box.height];
}
