// An actual recorded from an indicator over a case list says so: its provenance names the
// list (n counts its cases, not a sample), and an actual recorded before provenances
// named their list is still read as the list's.
import { describe, expect, it } from 'vitest';
import { countedList, EFFECTIVE_COVERAGE, recordActual, WORKERS_AFFILIATED, workersAffiliatedIndicator } from '../../src/lib/indicators';
import { buildResult } from '../../src/lib/indicators/result';
import { groupKey } from '../../src/lib/indicators/state';

const period = { start: '2026-01-01', end: '2026-12-31' };
const computedAt = '2026-12-02T10:00:00.000Z';

describe('recording an actual of an indicator over a case list', () => {
  // Two women (one affiliated), one man (affiliated), registered with version 1 of the form.
  const state = { groups: { [groupKey(['female'])]: { num: 1, den: 2 }, [groupKey(['male'])]: { num: 1, den: 1 } }, versions: { '1': 3 } };
  const result = buildResult(WORKERS_AFFILIATED, state);

  it('names the list in the provenance, n as its cases, and does not call the count a sample', () => {
    const [p] = recordActual(workersAffiliatedIndicator('o1'), period, result, { computedAt }).periods;
    expect(p.actuals.map((a) => [a.dimensions, a.provenance])).toEqual([
      [{}, { formId: 'worker_registration', formVersion: '1', list: 'workers', n: 3, computedAt }],
      [{ sex: 'female' }, { formId: 'worker_registration', formVersion: '1', list: 'workers', n: 2, computedAt }],
      [{ sex: 'male' }, { formId: 'worker_registration', formVersion: '1', list: 'workers', n: 1, computedAt }],
    ]);
    expect(countedList(p.actuals[0].provenance!, WORKERS_AFFILIATED)).toBe('workers');
  });

  it("reads an actual recorded before provenances named their list as the list's, and a survey figure as no list's", () => {
    const before = { formId: 'worker_registration', formVersion: '1', n: 3, computedAt, unweighted: true };
    expect(countedList(before, WORKERS_AFFILIATED)).toBe('workers');
    const survey = { formId: EFFECTIVE_COVERAGE.formId, formVersion: '1', n: 40, computedAt, unweighted: true };
    expect(countedList(survey, EFFECTIVE_COVERAGE)).toBeUndefined();
    // One that names another form, or an indicator with no definition: not the list's.
    expect(countedList({ ...before, formId: 'other_form' }, WORKERS_AFFILIATED)).toBeUndefined();
    expect(countedList(before, undefined)).toBeUndefined();
  });
});
