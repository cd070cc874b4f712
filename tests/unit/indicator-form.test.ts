import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  dimsKey,
  emptyIndicatorForm,
  formToIndicator,
  indicatorToForm,
  parseNumber,
  removePeriod,
  validateIndicatorForm,
  valueRows,
  type IndicatorFormValues,
} from '../../src/lib/domain/indicator-form';
import { indicators, indicatorsOfProject, openDatabase, outcomes, repo, responsesPerMonth } from '../../src/lib/db';
import type { DataOf, Indicator, IndicatorData, SurveyResponse } from '../../src/lib/domain/types';
import { coverageIndicators } from '../../src/lib/indicators';
import type { IndicatorResult } from '../../src/lib/indicators';
import { coverageRows, progressOf } from '../../src/pages/dashboard/dashboard-data';

function form(patch: Partial<IndicatorFormValues> = {}): IndicatorFormValues {
  return { ...emptyIndicatorForm(), name: { es: 'Cobertura', en: '', fr: '' }, ...patch };
}

describe('indicator form validation', () => {
  it('accepts a named percentage indicator with nothing else', () => {
    expect(validateIndicatorForm(form())).toEqual({});
  });

  it('asks for a name in some language, and a unit unless it is a percentage', () => {
    expect(validateIndicatorForm(form({ name: { es: ' ', en: '', fr: '' } }))).toEqual({ name: 'validation.required' });
    expect(validateIndicatorForm(form({ measure: 'unit', unit: '' }))).toEqual({ unit: 'validation.required' });
    expect(validateIndicatorForm(form({ measure: 'unit', unit: 'personas' }))).toEqual({});
  });

  it('checks the baseline: a number (comma decimals too), in range, with a four-digit year', () => {
    expect(validateIndicatorForm(form({ baselineValue: '12,5', baselineYear: '2019' }))).toEqual({});
    expect(validateIndicatorForm(form({ baselineValue: 'doce', baselineYear: '2019' }))).toEqual({ baselineValue: 'validation.numberInvalid' });
    expect(validateIndicatorForm(form({ baselineValue: '120', baselineYear: '2019' }))).toEqual({
      baselineValue: 'indicators.validation.percentRange',
    });
    expect(validateIndicatorForm(form({ baselineValue: '12', baselineYear: '19' }))).toEqual({ baselineYear: 'indicators.validation.yearInvalid' });
    expect(validateIndicatorForm(form({ baselineValue: '12' }))).toEqual({ baselineYear: 'validation.required' });
    expect(validateIndicatorForm(form({ baselineYear: '2019' }))).toEqual({ baselineValue: 'validation.required' });
  });

  it('checks the other dimension: not sex again, and with levels', () => {
    expect(validateIndicatorForm(form({ dimension: 'Sex' }))).toEqual({ dimension: 'indicators.validation.dimensionSex' });
    expect(validateIndicatorForm(form({ dimension: 'categoría' }))).toEqual({ dimensionLevels: 'indicators.validation.levelsRequired' });
    expect(validateIndicatorForm(form({ dimension: 'categoría', dimensionLevels: 'asalariado, doméstico' }))).toEqual({});
  });

  it('checks each period: dates, order, overlap, and every value shown', () => {
    const periods = addPeriod(addPeriod([], new Date('2024-05-01')));
    periods[0].targets[''] = '150';
    periods[0].actuals['sex=female'] = 'x';
    periods[1].end = '2024-01-01';
    expect(validateIndicatorForm(form({ periods }))).toEqual({
      'periods.0.targets.': 'indicators.validation.percentRange',
      'periods.0.actuals.sex=female': 'validation.numberInvalid',
      'periods.1.end': 'validation.endBeforeStart',
    });
    const overlapping = addPeriod([], new Date('2024-05-01'));
    overlapping.push({ ...overlapping[0], start: '2024-06-01', end: '2025-05-31' });
    expect(validateIndicatorForm(form({ periods: overlapping }))).toEqual({ 'periods.1.start': 'indicators.validation.periodOverlap' });
    const blank = addPeriod([], new Date('2024-05-01'));
    blank[0].start = '';
    expect(validateIndicatorForm(form({ periods: blank }))).toEqual({ 'periods.0.start': 'validation.required' });
  });

  it('ignores values of rows no longer shown (sex turned off)', () => {
    const periods = addPeriod([], new Date('2024-05-01'));
    periods[0].targets['sex=male'] = 'nope';
    expect(validateIndicatorForm(form({ periods, bySex: false }))).toEqual({});
  });
});

describe('period editing', () => {
  it('starts with the current calendar year, then the year after the last period', () => {
    const one = addPeriod([], new Date('2025-03-10'));
    expect(one.map((p) => [p.start, p.end])).toEqual([['2025-01-01', '2025-12-31']]);
    const two = addPeriod([{ ...one[0], start: '2018-01-01', end: '2019-12-31' }]);
    expect(two[1]).toMatchObject({ start: '2020-01-01', end: '2020-12-31', targets: {}, actuals: {} });
    expect(removePeriod(two, 0).map((p) => p.start)).toEqual(['2020-01-01']);
  });

  it('shows total, women and men, then the other dimension\'s levels', () => {
    expect(valueRows({ bySex: true, dimension: 'cat', dimensionLevels: 'a; b\nb' }).map(dimsKey)).toEqual(['', 'sex=female', 'sex=male', 'cat=a', 'cat=b']);
    expect(valueRows({ bySex: false, dimension: ' ', dimensionLevels: 'a' })).toEqual([{}]);
  });

  it('parses numbers as a phone keyboard types them', () => {
    expect(parseNumber(' 12,5 ')).toBe(12.5);
    expect(parseNumber('1 000')).toBe(1000);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1e3')).toBeNull();
  });
});

describe('form and record', () => {
  const provenance = { formId: 'ss_coverage_slv', formVersion: '1', n: 40, computedAt: '2025-02-01T10:00:00.000Z' };
  const data: IndicatorData = {
    ...coverageIndicators('outcome-1')[0],
    baseline: { value: 22, year: 2019 },
    disaggregations: ['sex', 'categoría'],
    periods: [
      {
        start: '2025-01-01',
        end: '2025-12-31',
        targets: [{ value: 30, dimensions: {} }, { value: 28, dimensions: { categoría: 'doméstico' } }],
        actuals: [{ value: 25.5, dimensions: {}, provenance }, { value: 20, dimensions: { sex: 'female' }, provenance }],
        history: [{ value: 21, dimensions: {}, supersededAt: '2025-02-01T10:00:00.000Z' }],
      },
    ],
  };

  it('round-trips, keeping the computed definition, the history and an unchanged actual\'s provenance', () => {
    const values = indicatorToForm(data);
    expect(values).toMatchObject({ bySex: true, dimension: 'categoría', dimensionLevels: 'doméstico', baselineValue: '22' });
    expect(formToIndicator(values, { outcomeId: data.outcomeId, computed: data.computed, sdgIndicator: '1.3.1' })).toEqual(data);
  });

  it('drops the provenance of an actual typed over, and empty values', () => {
    const values = indicatorToForm(data);
    values.periods[0].actuals[''] = '26';
    values.periods[0].actuals['sex=female'] = '';
    const out = formToIndicator(values, { outcomeId: 'outcome-1' });
    expect(out.periods[0].actuals).toEqual([{ value: 26, dimensions: {} }]);
    expect(out.computed).toBeUndefined();
  });

  it('stores a percentage\'s unit as % and no baseline when none is typed', () => {
    const out = formToIndicator(form({ unit: 'people' }), { outcomeId: 'o' });
    expect(out).toMatchObject({ unit: '%', baseline: null, disaggregations: ['sex'], periods: [] });
  });
});

describe('dashboard numbers', () => {
  const g = (status: string, sex: string, numerator: number, denominator: number) => ({
    values: { status_employment: status, sex },
    numerator,
    denominator,
    rate: denominator ? numerator / denominator : null,
  });
  const result = {
    groups: [g('domestic', 'female', 0, 2), g('domestic', 'male', 0, 0), g('own_account', 'male', 1, 1)],
  } as unknown as IndicatorResult;

  it('gives coverage by status and sex, with totals and empty groups', () => {
    const rows = coverageRows(result);
    expect(rows.map((r) => r.status)).toEqual(['domestic', 'own_account']);
    expect(rows[0].total).toMatchObject({ numerator: 0, denominator: 2, rate: 0 });
    expect(rows[1].female).toMatchObject({ denominator: 0, rate: null });
    expect(rows[1].male.rate).toBe(1);
  });

  it('measures progress from the baseline to the latest target', () => {
    const indicator = {
      baseline: { value: 20, year: 2019 },
      periods: [
        { start: '2021-01-01', end: '2021-12-31', targets: [{ value: 40, dimensions: {} }], actuals: [{ value: 25, dimensions: {} }] },
        { start: '2020-01-01', end: '2020-12-31', targets: [{ value: 30, dimensions: {} }], actuals: [] },
      ],
    } as unknown as Indicator;
    expect(progressOf(indicator)).toMatchObject({ baseline: 20, target: 40, actual: 25, share: 0.25 });
    expect(progressOf({ ...indicator, periods: [] } as Indicator).share).toBeNull();
  });
});

describe('dashboard queries', () => {
  const response = (startedAt: string, status: SurveyResponse['status'], formId = 'ss_coverage_slv'): DataOf<SurveyResponse> => ({
    formId,
    formVersion: '1',
    projectId: null,
    status,
    answers: {},
    startedAt,
    finalizedAt: null,
    enumerator: 'Ana',
    device: 'dev',
    location: null,
    history: [],
  });

  it('counts finalized live responses per month, empty months included, drafts and tombstones not', async () => {
    await openDatabase('indicator-form-test-months');
    const responses = repo<SurveyResponse>('response');
    expect(await responsesPerMonth('ss_coverage_slv')).toEqual([]);
    for (const at of ['2025-11-03T10:00:00.000Z', '2025-11-30T23:59:00.000Z', '2026-01-02T08:00:00.000Z']) {
      await responses.create(response(at, 'finalized'));
    }
    await responses.create(response('2025-12-05T10:00:00.000Z', 'draft'));
    await responses.create(response('2025-12-06T10:00:00.000Z', 'finalized', 'other_form'));
    const gone = await responses.create(response('2025-12-07T10:00:00.000Z', 'finalized'));
    await responses.remove(gone.id);
    expect(await responsesPerMonth('ss_coverage_slv')).toEqual([
      { month: '2025-11', count: 2 },
      { month: '2025-12', count: 0 },
      { month: '2026-01', count: 1 },
    ]);
  });

  it('lists the live indicators of a project\'s live outcomes', async () => {
    await openDatabase('indicator-form-test-project');
    const outcome = { code: 'O', title: { es: 'O' }, start: '', end: '', country: 'SV', type: 'outcome' as const };
    const mine = await outcomes.create({ ...outcome, projectId: 'p1' });
    const other = await outcomes.create({ ...outcome, projectId: 'p2' });
    const [a, b] = coverageIndicators(mine.id);
    const kept = await indicators.create(a);
    await indicators.remove((await indicators.create(b)).id);
    await indicators.create(coverageIndicators(other.id)[0]);
    expect((await indicatorsOfProject('p1')).map((i) => i.id)).toEqual([kept.id]);
    expect(await indicatorsOfProject('none')).toEqual([]);
  });
});
