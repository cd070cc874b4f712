// Recording a computed figure as an indicator's actual for a period. The results
// framework keeps a history: the actuals a new recording replaces are kept, with their
// provenance and the time they were replaced, never overwritten silently.

import type { DisaggregatedValue, IndicatorData, IndicatorPeriod, ValueProvenance } from '../domain/types';
import { collapse, type GroupResult, type IndicatorResult } from './result';

export interface PeriodRef {
  start: string;
  end: string;
}

/** Stored precision: what a figure from a field sample can honestly claim. */
const DECIMALS = { percentage: 2, unit: 4, nominal: 4 } as const;

/**
 * The indicator with `result` as the actuals of `period` (created if missing): the total,
 * and one value per group of the indicator's disaggregations that the result has
 * (e.g. by sex from a status × sex result). Empty groups get no value.
 * `provenance.computedAt` is required; the rest defaults to what the result says.
 */
export function recordActual(
  indicator: IndicatorData,
  period: PeriodRef,
  result: IndicatorResult,
  provenance: Partial<ValueProvenance> & Pick<ValueProvenance, 'computedAt'>,
): IndicatorData {
  const dims = indicator.disaggregations.filter((d) => result.groupBy.includes(d));
  const groups = [result.total, ...(dims.length > 0 ? collapse(result, dims) : [])];
  const actuals = groups
    .filter((g) => g.rate !== null)
    .map((g) => toValue(g, indicator, result, provenance));

  const existing = indicator.periods.find((p) => p.start === period.start && p.end === period.end);
  const base: IndicatorPeriod = existing ?? { start: period.start, end: period.end, targets: [], actuals: [] };
  const superseded = base.actuals.map((a) => ({ ...a, supersededAt: provenance.computedAt }));
  const updated: IndicatorPeriod = { ...base, actuals, history: [...(base.history ?? []), ...superseded] };

  const periods = existing
    ? indicator.periods.map((p) => (p === existing ? updated : p))
    : [...indicator.periods, updated].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
  return { ...indicator, periods };
}

function toValue(
  group: GroupResult,
  indicator: IndicatorData,
  result: IndicatorResult,
  provenance: Partial<ValueProvenance> & Pick<ValueProvenance, 'computedAt'>,
): DisaggregatedValue {
  const scaled = (group.rate ?? 0) * (indicator.measure === 'percentage' ? 100 : 1);
  const factor = 10 ** DECIMALS[indicator.measure];
  return {
    value: Math.round(scaled * factor) / factor,
    dimensions: { ...group.values },
    provenance: {
      formId: result.formId,
      formVersion: result.formVersions.join(','),
      // A case list's count names the list, and is every case on the device, not a sample.
      ...(result.list ? { list: result.list } : { unweighted: result.unweighted }),
      ...provenance,
      n: group.denominator,
    },
  };
}
