// Figures as a person reads them, in the interface language.
import type { IndicatorMeasure } from '../../lib/domain/types';
import { formatNumber } from '../../lib/i18n/format';

/** A computed rate (a fraction) as the indicator's measure shows it; '—' for an empty group. */
export function formatRate(rate: number | null, measure: IndicatorMeasure, lang: string): string {
  if (rate === null) return '—';
  if (measure === 'percentage') return formatNumber(rate, lang, { style: 'percent', maximumFractionDigits: 1 });
  return formatNumber(rate, lang, { maximumFractionDigits: 3 });
}

/** A stored value (a percentage is stored as 0–100) with its unit. */
export function formatValue(value: number | undefined, measure: IndicatorMeasure, unit: string, lang: string): string {
  if (value === undefined) return '—';
  if (measure === 'percentage') return formatNumber(value / 100, lang, { style: 'percent', maximumFractionDigits: 2 });
  const number = formatNumber(value, lang, { maximumFractionDigits: 4 });
  return unit ? `${number} ${unit}` : number;
}
