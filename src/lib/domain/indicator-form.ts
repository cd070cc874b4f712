// What the indicator form edits, and its field-level validation. Numbers are kept as
// the text typed (a phone keyboard may give "12,5"), values by the key of their
// dimensions, so that turning a disaggregation off and on again loses nothing typed.

import { cleanText } from './project-form';
import type {
  DisaggregatedValue,
  IndicatorData,
  IndicatorMeasure,
  IndicatorPeriod,
  LocalizedText,
  SupersededValue,
} from './types';
import type { FieldErrors } from './validate';

export const MEASURES: readonly IndicatorMeasure[] = ['percentage', 'unit', 'nominal'];
export const SEX_LEVELS = ['female', 'male'] as const;

export interface PeriodFormValues {
  start: string;
  end: string;
  /** Typed text by dimensions key (dimsKey). */
  targets: Record<string, string>;
  actuals: Record<string, string>;
  /** Stored actuals by dimensions key: kept as they are (with their provenance) while unchanged. */
  stored: Record<string, DisaggregatedValue>;
  history: SupersededValue[];
}

export interface IndicatorFormValues {
  name: LocalizedText;
  measure: IndicatorMeasure;
  unit: string;
  baselineValue: string;
  baselineYear: string;
  bySex: boolean;
  /** Another dimension's name, e.g. "occupational category"; '' for none. */
  dimension: string;
  /** Its levels, one per line or separated by commas. */
  dimensionLevels: string;
  periods: PeriodFormValues[];
  source: string;
  notes: string;
}

/** What the form does not edit but must keep: the outcome and a computed definition. */
export type IndicatorBase = Pick<IndicatorData, 'outcomeId'> & Partial<Pick<IndicatorData, 'computed' | 'sdgIndicator'>>;

/** A stable text key for a set of dimensions; '' is the total. */
export function dimsKey(dimensions: Record<string, string>): string {
  return Object.keys(dimensions)
    .sort()
    .map((k) => `${k}=${dimensions[k]}`)
    .join('&');
}

function levelsOf(text: string): string[] {
  return [...new Set(text.split(/[\n,;]/).map((s) => s.trim()).filter(Boolean))];
}

/** The rows each period shows: the total, then female and male, then the other dimension's levels. */
export function valueRows(v: Pick<IndicatorFormValues, 'bySex' | 'dimension' | 'dimensionLevels'>): Record<string, string>[] {
  const rows: Record<string, string>[] = [{}];
  if (v.bySex) rows.push(...SEX_LEVELS.map((sex) => ({ sex })));
  const dimension = v.dimension.trim();
  if (dimension) rows.push(...levelsOf(v.dimensionLevels).map((level) => ({ [dimension]: level })));
  return rows;
}

export function emptyIndicatorForm(): IndicatorFormValues {
  return {
    name: { es: '', en: '', fr: '' },
    measure: 'percentage',
    unit: '%',
    baselineValue: '',
    baselineYear: '',
    bySex: true,
    dimension: '',
    dimensionLevels: '',
    periods: [],
    source: '',
    notes: '',
  };
}

const byKey = (values: readonly DisaggregatedValue[]) => Object.fromEntries(values.map((x) => [dimsKey(x.dimensions), x]));
const asText = (values: readonly DisaggregatedValue[]) =>
  Object.fromEntries(values.map((x) => [dimsKey(x.dimensions), String(x.value)]));

export function indicatorToForm(data: IndicatorData): IndicatorFormValues {
  const other = data.disaggregations.find((d) => d !== 'sex') ?? '';
  const levels = new Set<string>();
  for (const p of data.periods) for (const x of [...p.targets, ...p.actuals]) if (other && x.dimensions[other]) levels.add(x.dimensions[other]);
  return {
    name: { es: '', en: '', fr: '', ...data.name },
    measure: data.measure,
    unit: data.unit,
    baselineValue: data.baseline ? String(data.baseline.value) : '',
    baselineYear: data.baseline ? String(data.baseline.year) : '',
    bySex: data.disaggregations.includes('sex'),
    dimension: other,
    dimensionLevels: [...levels].join(', '),
    periods: data.periods.map((p) => ({
      start: p.start,
      end: p.end,
      targets: asText(p.targets),
      actuals: asText(p.actuals),
      stored: byKey(p.actuals),
      history: p.history ?? [],
    })),
    source: data.source,
    notes: data.notes,
  };
}

/** "12,5" or " 12.5 " → 12.5; null for empty or not a number. */
export function parseNumber(text: string): number | null {
  const clean = text.trim().replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : null;
}

function toValues(texts: Record<string, string>, rows: Record<string, string>[], stored: Record<string, DisaggregatedValue> = {}) {
  const values: DisaggregatedValue[] = [];
  for (const dimensions of rows) {
    const key = dimsKey(dimensions);
    const value = parseNumber(texts[key] ?? '');
    if (value === null) continue;
    // An unchanged recorded actual keeps its provenance.
    values.push(stored[key]?.value === value ? stored[key] : { value, dimensions });
  }
  return values;
}

export function formToIndicator(v: IndicatorFormValues, base: IndicatorBase): IndicatorData {
  const rows = valueRows(v);
  const baselineValue = parseNumber(v.baselineValue);
  const baselineYear = parseNumber(v.baselineYear);
  const dimension = v.dimension.trim();
  const periods: IndicatorPeriod[] = v.periods.map((p) => ({
    start: p.start,
    end: p.end,
    targets: toValues(p.targets, rows),
    actuals: toValues(p.actuals, rows, p.stored),
    ...(p.history.length > 0 ? { history: p.history } : {}),
  }));
  return {
    ...base,
    name: cleanText(v.name),
    measure: v.measure,
    unit: v.measure === 'percentage' ? '%' : v.unit.trim(),
    baseline: baselineValue !== null && baselineYear !== null ? { value: baselineValue, year: baselineYear } : null,
    periods,
    disaggregations: [...(v.bySex ? ['sex'] : []), ...(dimension ? [dimension] : [])],
    source: v.source.trim(),
    notes: v.notes.trim(),
  };
}

// ---- Periods ----

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function emptyPeriod(start: string, end: string): PeriodFormValues {
  return { start, end, targets: {}, actuals: {}, stored: {}, history: [] };
}

/** A new period: the year after the last one, or the current calendar year. */
export function addPeriod(periods: readonly PeriodFormValues[], today = new Date()): PeriodFormValues[] {
  const last = periods[periods.length - 1];
  if (last && ISO_DATE.test(last.end)) {
    const start = new Date(`${last.end}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() + 1);
    const end = new Date(start);
    end.setUTCFullYear(end.getUTCFullYear() + 1);
    end.setUTCDate(end.getUTCDate() - 1);
    return [...periods, emptyPeriod(start.toISOString().slice(0, 10), end.toISOString().slice(0, 10))];
  }
  const year = today.getUTCFullYear();
  return [...periods, emptyPeriod(`${year}-01-01`, `${year}-12-31`)];
}

export function removePeriod(periods: readonly PeriodFormValues[], index: number): PeriodFormValues[] {
  return periods.filter((_, i) => i !== index);
}

// ---- Validation: error values are i18n keys ----

function checkValue(errors: FieldErrors, field: string, text: string, measure: IndicatorMeasure): void {
  if (text.trim() === '') return;
  const value = parseNumber(text);
  if (value === null) errors[field] = 'validation.numberInvalid';
  else if (measure === 'percentage' && (value < 0 || value > 100)) errors[field] = 'indicators.validation.percentRange';
}

export function validateIndicatorForm(v: IndicatorFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!Object.values(v.name).some((s) => s.trim())) errors.name = 'validation.required';
  if (v.measure !== 'percentage' && !v.unit.trim()) errors.unit = 'validation.required';

  checkValue(errors, 'baselineValue', v.baselineValue, v.measure);
  const year = v.baselineYear.trim();
  if (year && !/^(19|20)\d{2}$/.test(year)) errors.baselineYear = 'indicators.validation.yearInvalid';
  else if (v.baselineValue.trim() && !year) errors.baselineYear = 'validation.required';
  else if (year && !v.baselineValue.trim()) errors.baselineValue = 'validation.required';

  const dimension = v.dimension.trim();
  if (dimension.toLowerCase() === 'sex') errors.dimension = 'indicators.validation.dimensionSex';
  else if (dimension && levelsOf(v.dimensionLevels).length === 0) errors.dimensionLevels = 'indicators.validation.levelsRequired';

  const keys = valueRows(v).map(dimsKey);
  v.periods.forEach((p, i) => {
    const at = `periods.${i}`;
    if (!ISO_DATE.test(p.start)) errors[`${at}.start`] = p.start ? 'validation.dateInvalid' : 'validation.required';
    if (!ISO_DATE.test(p.end)) errors[`${at}.end`] = p.end ? 'validation.dateInvalid' : 'validation.required';
    if (!errors[`${at}.start`] && !errors[`${at}.end`]) {
      if (p.end < p.start) errors[`${at}.end`] = 'validation.endBeforeStart';
      else if (v.periods.some((q, j) => j < i && q.start <= p.end && p.start <= q.end)) errors[`${at}.start`] = 'indicators.validation.periodOverlap';
    }
    for (const key of keys) {
      checkValue(errors, `${at}.targets.${key}`, p.targets[key] ?? '', v.measure);
      checkValue(errors, `${at}.actuals.${key}`, p.actuals[key] ?? '', v.measure);
    }
  });
  return errors;
}

/** The definition an indicator computed from a form keeps through edits. */
export function baseOf(data: IndicatorData): IndicatorBase {
  const base: IndicatorBase = { outcomeId: data.outcomeId };
  if (data.computed) base.computed = data.computed;
  if (data.sdgIndicator) base.sdgIndicator = data.sdgIndicator;
  return base;
}
