// Indicator periods as a map, for the per-value merge (merge-fields.ts). One entry per
// period and one per value in it, so that two devices recording different values (or
// different periods) both keep theirs:
//   "<start>|<end>"                               the period (its presence)
//   "<start>|<end>/targets/<dimensions>"           a target, by its canonical dimensions
//   "<start>|<end>/actuals/<dimensions>"           an actual
//   "<start>|<end>/history/<digest>"               a superseded actual (a set: by content)
// Period dates are ISO dates, so neither "|" nor "/" is in a period's key.

import type { DisaggregatedValue, IndicatorPeriod, SupersededValue } from './types';
import { canonicalJson } from './canonical-json';
import { contentHash } from './content-hash';

export const PERIOD_PRESENT = true;
type Part = 'targets' | 'actuals' | 'history';
const PARTS: readonly Part[] = ['targets', 'actuals', 'history'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The key of a set of dimensions: its canonical JSON ('{}' is the total). */
export const dimensionsKey = (value: DisaggregatedValue) => canonicalJson(value.dimensions ?? {});
/** The key of a superseded value: entries are never changed, so their content names them. */
export const supersededKey = (value: SupersededValue) => contentHash(canonicalJson(value));

export function flattenPeriods(periods: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(periods)) return out;
  for (const period of periods as unknown[]) {
    if (!isObject(period) || typeof period.start !== 'string' || typeof period.end !== 'string') continue;
    const key = `${period.start}|${period.end}`;
    out.set(key, PERIOD_PRESENT);
    for (const part of PARTS) {
      const values = period[part];
      if (!Array.isArray(values)) continue;
      for (const value of values as unknown[]) {
        if (!isObject(value)) continue;
        const sub = part === 'history' ? supersededKey(value as unknown as SupersededValue) : dimensionsKey(value as unknown as DisaggregatedValue);
        out.set(`${key}/${part}/${sub}`, value);
      }
    }
  }
  return out;
}

type Keyed<T> = { key: string; value: T };

/** Periods by start and end; totals before groups; history oldest first. Values of a removed period are left out. */
export function buildPeriods(entries: ReadonlyMap<string, unknown>): IndicatorPeriod[] {
  const periods = new Map<string, { targets: Keyed<DisaggregatedValue>[]; actuals: Keyed<DisaggregatedValue>[]; history: Keyed<SupersededValue>[] }>();
  for (const key of entries.keys()) if (!key.includes('/')) periods.set(key, { targets: [], actuals: [], history: [] });
  for (const [key, value] of entries) {
    const slash = key.indexOf('/');
    if (slash < 0) continue;
    const period = periods.get(key.slice(0, slash));
    const rest = key.slice(slash + 1);
    const part = rest.slice(0, rest.indexOf('/')) as Part;
    if (period && PARTS.includes(part)) (period[part] as Keyed<unknown>[]).push({ key: rest, value });
  }
  const byKey = (a: Keyed<unknown>, b: Keyed<unknown>) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const dims = (x: Keyed<DisaggregatedValue>) => Object.keys(x.value.dimensions ?? {}).length;
  return [...periods]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { targets, actuals, history }]) => {
      const [start, end] = key.split('|');
      const values = (list: Keyed<DisaggregatedValue>[]) => list.sort((a, b) => dims(a) - dims(b) || byKey(a, b)).map((x) => x.value);
      const period: IndicatorPeriod = { start, end, targets: values(targets), actuals: values(actuals) };
      history.sort((a, b) => (a.value.supersededAt < b.value.supersededAt ? -1 : a.value.supersededAt > b.value.supersededAt ? 1 : byKey(a, b)));
      if (history.length > 0) period.history = history.map((x) => x.value);
      return period;
    });
}
