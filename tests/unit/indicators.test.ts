import { describe, expect, it } from 'vitest';
import {
  CONTRIBUTION_DENSITY,
  COVERAGE_DEFINITIONS,
  EFFECTIVE_COVERAGE,
  HEALTH_ONLY,
  INFORMALITY,
  PENSION_ONLY,
  collapse,
  computeIndicator,
  createAccumulator,
  groupLevels,
  type GroupResult,
  type IndicatorResult,
} from '../../src/lib/indicators';
import { COVERAGE_SURVEY } from '../../src/lib/domain/coverage-survey';
import { findQuestion } from '../../src/lib/forms/model';
import { HAND_MADE, response } from './indicators-fixtures';

const group = (result: IndicatorResult, status: string, sex: string): GroupResult | undefined =>
  result.groups.find((g) => g.values.status_employment === status && g.values.sex === sex);

const figure = (g: GroupResult | undefined) => g && { num: g.numerator, n: g.denominator, rate: g.rate };

describe('coverage indicators on a hand-made sample', () => {
  // Counted: R1–R8 (employed, consenting, finalized, live, this form). Left out: R9 not
  // employed, R10 no consent, R11 draft, R12 deleted, R13 another form.
  const levels = groupLevels(EFFECTIVE_COVERAGE, COVERAGE_SURVEY);

  it('effective coverage by status in employment × sex', () => {
    const r = computeIndicator(EFFECTIVE_COVERAGE, HAND_MADE, levels);
    // Covered: R1, R3, R4 (transfer), R5, R6, R8 (pensioner) = 6 of 8.
    expect(figure(r.total)).toEqual({ num: 6, n: 8, rate: 0.75 });
    expect(figure(group(r, 'employee_private', 'female'))).toEqual({ num: 1, n: 2, rate: 0.5 }); // R1 of R1, R2
    expect(figure(group(r, 'domestic', 'female'))).toEqual({ num: 1, n: 1, rate: 1 }); // R3
    expect(figure(group(r, 'own_account', 'female'))).toEqual({ num: 1, n: 1, rate: 1 }); // R4
    expect(figure(group(r, 'employee_private', 'male'))).toEqual({ num: 1, n: 1, rate: 1 }); // R5
    expect(figure(group(r, 'own_account', 'male'))).toEqual({ num: 1, n: 2, rate: 0.5 }); // R6 of R6, R7
    expect(figure(group(r, 'employee_public', 'male'))).toEqual({ num: 1, n: 1, rate: 1 }); // R8
    // Empty groups are listed with n = 0 and no rate: the drafted, deleted and
    // non-consenting employers do not fill them.
    expect(figure(group(r, 'employer', 'female'))).toEqual({ num: 0, n: 0, rate: null });
    expect(figure(group(r, 'employer', 'male'))).toEqual({ num: 0, n: 0, rate: null });
    // 8 statuses × 2 sexes, in the form's choice order.
    expect(r.groups).toHaveLength(16);
    expect(r.groups[0].values).toEqual({ status_employment: 'employee_private', sex: 'female' });
    expect(r.formVersions).toEqual(['v1', 'v2']);
    expect(r.unweighted).toBe(true);
    expect(r.noteKey).toBe('indicators.sampleNote');
  });

  it('collapses to the margins by sex', () => {
    const bySex = collapse(computeIndicator(EFFECTIVE_COVERAGE, HAND_MADE, levels), ['sex']);
    // Women: R1, R3, R4 of R1–R4; men: R5, R6, R8 of R5–R8.
    expect(bySex.map((g) => [g.values.sex, g.numerator, g.denominator, g.rate])).toEqual([
      ['female', 3, 4, 0.75],
      ['male', 3, 4, 0.75],
    ]);
  });

  it('health-only, pension-only, informality and density of contributions', () => {
    // Health only: R3 (R1 and R5 also pay a pension) = 1 / 8.
    expect(computeIndicator(HEALTH_ONLY, HAND_MADE).total.rate).toBe(1 / 8);
    // Pension only: R6 = 1 / 8.
    expect(computeIndicator(PENSION_ONLY, HAND_MADE).total.rate).toBe(1 / 8);
    // Informal main job: R2, R4, R6, R7 = 4 / 8.
    expect(figure(computeIndicator(INFORMALITY, HAND_MADE).total)).toEqual({ num: 4, n: 8, rate: 0.5 });
    // Contributors R1 (12), R3 (6), R5 (10), R6 (3): (31 / 12) / 4 = 0.6458…; R8 is a pensioner, not a contributor.
    const density = computeIndicator(CONTRIBUTION_DENSITY, HAND_MADE).total;
    expect(density.denominator).toBe(4);
    expect(density.rate).toBeCloseTo(31 / 48, 12);
  });

  it('leaves a response without a numeric value out of a mean, and one without formal_job out of informality', () => {
    const odd = response({ sex: 'male', status_employment: 'employer', isss_status: 'contrib_general', pension_contrib: 'no' });
    expect(computeIndicator(CONTRIBUTION_DENSITY, [...HAND_MADE, odd]).total.denominator).toBe(4);
    expect(computeIndicator(INFORMALITY, [...HAND_MADE, odd]).total.denominator).toBe(8);
    expect(computeIndicator(EFFECTIVE_COVERAGE, [...HAND_MADE, odd]).total.denominator).toBe(9);
  });

  it('groups unanswered questions under "" rather than dropping them', () => {
    const noSex = response({ status_employment: 'own_account', ...{ isss_status: 'none', pension_contrib: 'no', noncontrib_benefit: 'no' } });
    const r = computeIndicator(EFFECTIVE_COVERAGE, [noSex]);
    expect(r.groups.map((g) => g.values)).toEqual([{ status_employment: 'own_account', sex: '' }]);
  });

  it('reads only question names and choice codes the default survey has', () => {
    const names = new Set(['consent', 'worked_last_week', 'temp_absent', 'isss_status', 'pension_contrib', 'noncontrib_benefit', 'contrib_months_12', 'formal_job', 'status_employment', 'sex']);
    for (const name of names) expect(findQuestion(COVERAGE_SURVEY, name), name).toBeDefined();
    const isss = COVERAGE_SURVEY.choices.isss.map((c) => c.name);
    expect(isss).toEqual(expect.arrayContaining(['contrib_general', 'contrib_domestic', 'contrib_selfemployed', 'pensioner']));
    expect(COVERAGE_SURVEY.choices.pension.map((c) => c.name)).toEqual(expect.arrayContaining(['afp', 'public', 'ipsfa']));
    for (const def of COVERAGE_DEFINITIONS) expect(def.formId).toBe(COVERAGE_SURVEY.formId);
  });
});

describe('incremental accumulation', () => {
  it('add and remove give what a batch over the final set gives', () => {
    for (const def of COVERAGE_DEFINITIONS) {
      const acc = createAccumulator(def);
      HAND_MADE.forEach((r) => acc.add(r));
      // Correct R2 (now covered), delete R7, finalize the draft R11, in any order.
      const [r2, r7, r11] = [HAND_MADE[1], HAND_MADE[6], HAND_MADE[10]];
      const r2b = { ...r2, answers: { ...r2.answers, isss_status: 'contrib_general', contrib_months_12: '4' } };
      const r11b = { ...r11, status: 'finalized' as const };
      acc.remove(r2);
      acc.add(r2b);
      acc.remove(r7);
      acc.remove(r11);
      acc.add(r11b);
      const final = HAND_MADE.filter((r) => r !== r7).map((r) => (r === r2 ? r2b : r === r11 ? r11b : r));
      expect(acc.result(), def.key).toEqual(computeIndicator(def, final));
    }
  });

  it('removing everything gives an empty state, and a state round-trips through JSON', () => {
    const acc = createAccumulator(CONTRIBUTION_DENSITY);
    HAND_MADE.forEach((r) => acc.add(r));
    const copy = createAccumulator(CONTRIBUTION_DENSITY, JSON.parse(JSON.stringify(acc.state())));
    expect(copy.result()).toEqual(acc.result());
    [...HAND_MADE].reverse().forEach((r) => acc.remove(r));
    expect(acc.state()).toEqual({ groups: {}, versions: {} });
  });

  it('refuses a definition with a bad expression', () => {
    expect(() => createAccumulator({ ...EFFECTIVE_COVERAGE, denominator: '${employed} =' })).toThrow();
  });
});
