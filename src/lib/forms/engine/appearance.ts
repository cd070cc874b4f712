// The `appearance` column: space-separated words, case-insensitive, some with a
// number (`columns-3`, `w4`). One place reads them, so that widgets and the importer's
// "not honoured" warnings agree.
import type { Question } from '../../domain/types';

export function appearances(q: Pick<Question, 'appearance'>): Set<string> {
  return new Set((q.appearance ?? '').toLowerCase().split(/\s+/).filter(Boolean));
}

export function hasAppearance(q: Pick<Question, 'appearance'>, name: string): boolean {
  return appearances(q).has(name);
}

/** `columns` (2 on a phone), `columns-N`, `columns-pack` (as many as fit), or null. */
export function columnsOf(q: Pick<Question, 'appearance'>): number | 'pack' | null {
  for (const a of appearances(q)) {
    if (a === 'columns') return 2;
    if (a === 'columns-pack') return 'pack';
    const n = /^columns-(\d+)$/.exec(a);
    if (n) return Math.max(1, Math.min(10, Number(n[1])));
  }
  return null;
}

/** `w1`..`w10`: the question's share of a field-list row, in tenths. */
export function widthOf(q: Pick<Question, 'appearance'>): number | null {
  for (const a of appearances(q)) {
    const n = /^w(\d+)$/.exec(a);
    if (n && Number(n[1]) >= 1 && Number(n[1]) <= 10) return Number(n[1]);
  }
  return null;
}

/** Appearances the interview honours; the importer names any other in a warning. */
export const HONOURED_APPEARANCES: readonly (string | RegExp)[] = [
  'field-list', 'table-list', 'label', 'list-nolabel', 'minimal', 'quick', 'horizontal',
  'horizontal-compact', 'likert', 'columns', 'columns-pack', /^columns-\d+$/, 'multiline', 'numbers',
  'thousands-sep', 'no-calendar', 'month-year', 'year', 'signature', 'draw', 'annotate', 'new', 'selfie', 'no-ticks', 'picker',
  'rating', 'vertical', /^w([1-9]|10)$/, 'autocomplete', 'search', /^search\(/,
];

/**
 * On a location question, drawn offline (no map tiles): on a geopoint `map` shows the point
 * and `placement-map` lets it be placed; a geotrace's or geoshape's points are always
 * drawn and placed by hand, as on Collect's map, so both ask for what it does anyway.
 * Of the other appearances only a width (`w1`..`w10`) changes a location question.
 */
const GEO_APPEARANCES: readonly (string | RegExp)[] = ['map', 'placement-map', /^w([1-9]|10)$/];
const GEO_TYPES = ['geopoint', 'geotrace', 'geoshape'];

const matches = (list: readonly (string | RegExp)[], a: string) => list.some((h) => (typeof h === 'string' ? h === a : h.test(a)));

/** `type`: the question's, for appearances honoured on some types only (`map` on a select is not, `minimal` on a geopoint is not). */
export function isHonoured(appearance: string, type?: string): boolean {
  const a = appearance.toLowerCase();
  return matches(type && GEO_TYPES.includes(type) ? GEO_APPEARANCES : HONOURED_APPEARANCES, a);
}

/** geopoint's `map` (the point drawn) or `placement-map` (placed on the drawing), or null. */
export function pointMapOf(q: Pick<Question, 'appearance'>): 'map' | 'placement' | null {
  const look = appearances(q);
  return look.has('placement-map') ? 'placement' : look.has('map') ? 'map' : null;
}
