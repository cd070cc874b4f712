// Which rows of a virtual list are on screen: pure arithmetic, from where the list's top
// is relative to the viewport.

import type { RowWindow } from './responses-list.svelte';

/**
 * The rows a viewport of `height` px shows when the list's top is `top` px below the
 * viewport's (negative once scrolled past), with `overscan` rows more each way, so that
 * the next row is there before it scrolls in and keyboard focus can move to it.
 */
export function rowWindow(top: number, height: number, rowPx: number, total: number, overscan: number): RowWindow {
  const start = Math.max(0, Math.floor(-top / rowPx) - overscan);
  const end = Math.min(total, Math.ceil((height - top) / rowPx) + overscan);
  return end > start ? { start, end } : { start: 0, end: 0 };
}
