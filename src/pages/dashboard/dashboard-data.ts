// The dashboard's numbers, as plain functions of stored records and computed results.

import type { ComputedIndicatorDefinition, Form, Indicator, IndicatorPeriod } from '../../lib/domain/types';
import { EFFECTIVE_COVERAGE, type GroupResult, type IndicatorResult } from '../../lib/indicators';

/**
 * What a project's coverage chart shows: the project's own effective coverage indicator;
 * failing that, the shipped one when the coverage survey is one of the project's forms;
 * otherwise nothing (another project's survey is not this project's figure).
 */
export function coverageDefinitions(indicators: readonly Indicator[], forms: readonly Pick<Form, 'formId'>[]): ComputedIndicatorDefinition[] {
  const own = indicators.find((i) => !i.deleted && i.computed?.key === EFFECTIVE_COVERAGE.key)?.computed;
  if (own) return [own];
  return forms.some((f) => f.formId === EFFECTIVE_COVERAGE.formId) ? [EFFECTIVE_COVERAGE] : [];
}

export interface CoverageRow {
  /** Choice name of the status in employment ('' when unanswered). */
  status: string;
  female: GroupResult;
  male: GroupResult;
  total: GroupResult;
}

const empty = (values: Record<string, string>): GroupResult => ({ values, numerator: 0, denominator: 0, rate: null });

function sum(groups: GroupResult[], values: Record<string, string>): GroupResult {
  const numerator = groups.reduce((s, g) => s + g.numerator, 0);
  const denominator = groups.reduce((s, g) => s + g.denominator, 0);
  return { values, numerator, denominator, rate: denominator > 0 ? numerator / denominator : null };
}

/** Coverage by status in employment (rows, in the result's order) and sex. */
export function coverageRows(result: IndicatorResult, statusQuestion = 'status_employment', sexQuestion = 'sex'): CoverageRow[] {
  const statuses = [...new Set(result.groups.map((g) => g.values[statusQuestion] ?? ''))];
  return statuses.map((status) => {
    const groups = result.groups.filter((g) => (g.values[statusQuestion] ?? '') === status);
    const bySex = (sex: string) => groups.find((g) => g.values[sexQuestion] === sex) ?? empty({ [statusQuestion]: status, [sexQuestion]: sex });
    return { status, female: bySex('female'), male: bySex('male'), total: sum(groups, { [statusQuestion]: status }) };
  });
}

export interface Progress {
  indicator: Indicator;
  baseline: number | null;
  /** The total target and actual of the last period that has a target, if any. */
  target: number | null;
  actual: number | null;
  /** How far the actual has come from the baseline to the target (1 = reached); null when unknown. */
  share: number | null;
}

const total = (values: IndicatorPeriod['targets']) => values.find((v) => Object.keys(v.dimensions).length === 0)?.value ?? null;

export function progressOf(indicator: Indicator): Progress {
  const periods = [...indicator.periods].sort((a, b) => a.start.localeCompare(b.start));
  const withTarget = periods.filter((p) => total(p.targets) !== null).pop();
  const withActual = periods.filter((p) => total(p.actuals) !== null).pop();
  const baseline = indicator.baseline?.value ?? null;
  const target = withTarget ? total(withTarget.targets) : null;
  const actual = withActual ? total(withActual.actuals) : null;
  const from = baseline ?? 0;
  const share = target !== null && actual !== null && target !== from ? (actual - from) / (target - from) : null;
  return { indicator, baseline, target, actual, share };
}
