// An indicator's figures per group and in total, from an accumulator's running totals.

import type { ComputedIndicatorDefinition, FormData } from '../domain/types';
import { choicesOf, findQuestion } from '../forms/model';
import { groupKey, type AccumulatorState, type GroupCount } from './state';

/** i18n key of the caveat every computed figure carries (the lead's locale files). */
export const SAMPLE_NOTE_KEY = 'indicators.sampleNote';

/** The possible answers of each groupBy question, so that empty groups show too. */
export type GroupLevels = Record<string, readonly string[]>;

export interface GroupResult {
  /** Question name → answer ('' when unanswered); {} for the total. */
  values: Record<string, string>;
  /** Responses counted in the numerator (rate), or the sum of value/divisor (mean). */
  numerator: number;
  /** n: responses in the denominator. */
  denominator: number;
  /** numerator / denominator (a fraction, not a percentage); null for an empty group. */
  rate: number | null;
}

export interface IndicatorResult {
  key: string;
  formId: string;
  /** Versions of the form whose responses were counted. */
  formVersions: string[];
  /** The case list counted, for a definition over a list (`source.entities`): then n counts its cases. */
  list?: string;
  groupBy: string[];
  groups: GroupResult[];
  total: GroupResult;
  /** Every response weighs 1: a sample figure, not a population estimate. */
  unweighted: true;
  noteKey: typeof SAMPLE_NOTE_KEY;
}

export function buildResult(def: ComputedIndicatorDefinition, state: AccumulatorState, levels?: GroupLevels): IndicatorResult {
  const divisor = def.value.kind === 'mean' ? def.value.divisor : 1;
  const figure = (values: Record<string, string>, count: GroupCount | undefined): GroupResult => {
    const numerator = (count?.num ?? 0) / divisor;
    const denominator = count?.den ?? 0;
    return { values, numerator, denominator, rate: denominator > 0 ? numerator / denominator : null };
  };
  const keys = orderedKeys(def.groupBy, Object.keys(state.groups), levels);
  const groups = keys.map((key) => figure(valuesOf(def.groupBy, key), state.groups[key]));
  const sum = Object.values(state.groups).reduce((t, g) => ({ num: t.num + g.num, den: t.den + g.den }), { num: 0, den: 0 });
  return {
    key: def.key,
    formId: def.formId,
    formVersions: Object.keys(state.versions).sort(),
    ...(def.source ? { list: def.source.entities } : {}),
    groupBy: [...def.groupBy],
    groups,
    total: figure({}, sum),
    unweighted: true,
    noteKey: SAMPLE_NOTE_KEY,
  };
}

/** Every combination of the levels in their order, then groups seen outside them (e.g. unanswered). */
function orderedKeys(groupBy: readonly string[], seen: readonly string[], levels?: GroupLevels): string[] {
  if (groupBy.length === 0) return [];
  let combos: string[][] = [[]];
  if (levels && groupBy.every((name) => levels[name]?.length)) {
    for (const name of groupBy) combos = combos.flatMap((prefix) => levels[name].map((v) => [...prefix, v]));
  } else {
    combos = [];
  }
  const keys = combos.map(groupKey);
  const known = new Set(keys);
  return [...keys, ...seen.filter((key) => !known.has(key)).sort()];
}

function valuesOf(groupBy: readonly string[], key: string): Record<string, string> {
  const values = JSON.parse(key) as string[];
  return Object.fromEntries(groupBy.map((name, i) => [name, values[i]]));
}

/** The choice names of each groupBy question of `form` (select questions only). */
export function groupLevels(def: ComputedIndicatorDefinition, form: Pick<FormData, 'questions' | 'choices'>): GroupLevels {
  const levels: Record<string, string[]> = {};
  for (const name of def.groupBy) {
    const question = findQuestion(form, name);
    if (question) levels[name] = choicesOf(form, question).map((c) => c.name);
  }
  return levels;
}

/**
 * The result broken down by fewer questions, e.g. by sex alone from status × sex:
 * groups with equal answers to `keep` are summed (a rate's or mean's parts add up).
 */
export function collapse(result: IndicatorResult, keep: readonly string[]): GroupResult[] {
  const merged = new Map<string, GroupResult>();
  for (const group of result.groups) {
    const values = Object.fromEntries(keep.map((name) => [name, group.values[name] ?? '']));
    const key = groupKey(keep.map((name) => values[name]));
    const into = merged.get(key) ?? { values, numerator: 0, denominator: 0, rate: null };
    into.numerator += group.numerator;
    into.denominator += group.denominator;
    into.rate = into.denominator > 0 ? into.numerator / into.denominator : null;
    merged.set(key, into);
  }
  return [...merged.values()];
}
