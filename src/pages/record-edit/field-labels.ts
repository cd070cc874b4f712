// How the edit notices name a field and show its value, in the interface language.
import type { Path } from '../../lib/domain/edit-rebase';
import { isUiLanguage } from '../../lib/i18n';
import { formatNumber, languageName } from '../../lib/i18n/format';
import { locale, t } from '../../lib/state/locale.svelte';

/** What an editor tells the notices about its fields. */
export interface FieldNames {
  /** The field a path of the form values is shown in; null for values the form keeps but does not show. */
  label(path: Path): string | null;
  /** The value as the form shows it, when plain text would not do (a status, a measure). */
  value?(path: Path, value: unknown): string | undefined;
}

/** "Title (English)" for one language of a text kept in several languages. */
export function withLanguage(name: string, lang: string | undefined): string {
  return lang && isUiLanguage(lang) ? t('edit.inLanguage', { field: name, language: languageName(lang, locale.lang) }) : name;
}

/** Fields named by a locale key each, `<prefix>.<field>`, texts by language. */
export function fieldNames(prefix: string, values: Record<string, (value: unknown) => string> = {}): FieldNames {
  return {
    label: ([field, lang]) => (field ? withLanguage(t(`${prefix}.${field}`), lang) : null),
    value: ([field], value) => (field && values[field] ? values[field](value) : undefined),
  };
}

/** A value as a person reads it; undefined for a value that is not one piece of text. */
export function plainValue(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return t('edit.empty');
  if (typeof value === 'string') return `«${value}»`;
  if (typeof value === 'number') return formatNumber(value, locale.lang);
  if (typeof value === 'boolean') return value ? t('edit.yes') : t('edit.no');
  return undefined;
}
