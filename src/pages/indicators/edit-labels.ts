// How the edit notices name the indicator form's fields, down to one target or actual.
import type { Path } from '../../lib/domain/edit-rebase';
import { t } from '../../lib/state/locale.svelte';
import { withLanguage, type FieldNames } from '../record-edit/field-labels';
import { dimensionLabel } from './labels';

/** The dimensions of a dimsKey ('sex=female&region=east'; '' is the total). */
function dimensionsOf(key: string): Record<string, string> {
  return Object.fromEntries(key.split('&').filter(Boolean).map((part) => part.split('=', 2) as [string, string]));
}

const FIELD_KEYS: Record<string, string> = { dimensionLevels: 'levels' };
const VALUE_KEYS: Record<string, string> = { targets: 'target', actuals: 'actual', start: 'start', end: 'end' };

function periodLabel([, index, part, key]: Path): string | null {
  if (index === undefined) return t('indicators.field.periods');
  const period = t('indicators.period.legend', { n: Number(index) + 1 });
  // The stored actuals (their provenance) and history follow the typed values: not shown apart.
  if (part === undefined) return period;
  if (!VALUE_KEYS[part]) return null;
  const what = t(`indicators.period.${VALUE_KEYS[part]}`);
  return key === undefined ? `${period} · ${what}` : `${period} · ${what} · ${dimensionLabel(dimensionsOf(key))}`;
}

export function indicatorFieldNames(): FieldNames {
  return {
    label: (path) => {
      const [field, lang] = path;
      if (!field) return null;
      if (field === 'periods') return periodLabel(path);
      return withLanguage(t(`indicators.field.${FIELD_KEYS[field] ?? field}`), lang);
    },
    value: ([field], value) => (field === 'measure' ? t(`indicators.measure.${String(value)}`) : undefined),
  };
}
