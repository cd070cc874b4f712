import { describe, expect, it } from 'vitest';
import { EFFECTIVE_COVERAGE, computeIndicator, coverageIndicators, recordActual } from '../../src/lib/indicators';
import { HAND_MADE } from './indicators-fixtures';

const indicator = coverageIndicators('outcome-2')[0];
const period = { start: '2025-01-01', end: '2025-12-31' };

describe('recordActual', () => {
  const result = computeIndicator(EFFECTIVE_COVERAGE, HAND_MADE);

  it('records the total and the by-sex values as percentages, with their provenance', () => {
    const updated = recordActual(indicator, period, result, { computedAt: '2025-06-01T10:00:00.000Z' });
    const [p] = updated.periods;
    expect(p).toMatchObject({ ...period, targets: [], history: [] });
    expect(p.actuals.map((a) => [a.dimensions, a.value, a.provenance?.n])).toEqual([
      [{}, 75, 8],
      [{ sex: 'female' }, 75, 4],
      [{ sex: 'male' }, 75, 4],
    ]);
    expect(p.actuals[0].provenance).toEqual({
      formId: 'ss_coverage_slv',
      formVersion: 'v1,v2',
      n: 8,
      computedAt: '2025-06-01T10:00:00.000Z',
      unweighted: true,
    });
    expect(indicator.periods).toEqual([]); // pure: the input is left alone
  });

  it('keeps replaced actuals in the history, never overwriting silently', () => {
    const first = recordActual(indicator, period, result, { computedAt: '2025-06-01T10:00:00.000Z' });
    const fewer = computeIndicator(EFFECTIVE_COVERAGE, HAND_MADE.slice(0, 4)); // women only: 3 of 4
    const second = recordActual(first, period, fewer, { computedAt: '2025-07-01T10:00:00.000Z' });
    const [p] = second.periods;
    expect(p.actuals.map((a) => [a.dimensions, a.value])).toEqual([
      [{}, 75],
      [{ sex: 'female' }, 75],
    ]);
    expect(p.history?.map((h) => [h.dimensions, h.provenance?.computedAt, h.supersededAt])).toEqual([
      [{}, '2025-06-01T10:00:00.000Z', '2025-07-01T10:00:00.000Z'],
      [{ sex: 'female' }, '2025-06-01T10:00:00.000Z', '2025-07-01T10:00:00.000Z'],
      [{ sex: 'male' }, '2025-06-01T10:00:00.000Z', '2025-07-01T10:00:00.000Z'],
    ]);
  });

  it('keeps targets and other periods, and orders periods by start', () => {
    const withTarget = {
      ...indicator,
      periods: [{ start: '2026-01-01', end: '2026-12-31', targets: [{ value: 40, dimensions: {} }], actuals: [] }],
    };
    const updated = recordActual(withTarget, period, result, { computedAt: '2025-06-01T10:00:00.000Z' });
    expect(updated.periods.map((p) => p.start)).toEqual(['2025-01-01', '2026-01-01']);
    expect(updated.periods[1].targets).toEqual([{ value: 40, dimensions: {} }]);
  });

  it('stores a unit measure as a fraction, rounded to what a sample supports', () => {
    const asUnit = { ...indicator, measure: 'unit' as const, disaggregations: [] };
    const density = computeIndicator({ ...EFFECTIVE_COVERAGE, value: { kind: 'mean', value: '${contrib_months_12}', divisor: 12 } }, HAND_MADE);
    const [p] = recordActual(asUnit, period, density, { computedAt: '2025-06-01T10:00:00.000Z' }).periods;
    expect(p.actuals).toHaveLength(1);
    expect(p.actuals[0].value).toBe(0.6458); // 31 / 48
  });
});
