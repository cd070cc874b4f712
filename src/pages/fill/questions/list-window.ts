// Which rows of a long list are in the DOM: those in view, plus a few on either
// side so that a flick of the thumb does not show blank rows before the next frame.

/** Rows kept above and below the ones in view. */
const OVERSCAN = 6;

/**
 * The rows [start, end) to render for a scroll position, all rows `rowHeight` tall;
 * `overscan` false: only the rows in view.
 */
export function listWindow(scrollTop: number, viewHeight: number, rowHeight: number, count: number, overscan = true): { start: number; end: number } {
  const extra = overscan ? OVERSCAN : 0;
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + viewHeight) / rowHeight);
  return { start: Math.max(0, Math.min(count, first - extra)), end: Math.min(count, last + extra) };
}

/** The scroll position that brings row `index` into view, moving as little as possible. */
export function scrollToShow(scrollTop: number, viewHeight: number, rowHeight: number, index: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewHeight) return top + rowHeight - viewHeight;
  return scrollTop;
}
