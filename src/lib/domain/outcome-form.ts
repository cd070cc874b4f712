// What the outcome form edits.
import { cleanText } from './project-form';
import type { LocalizedText, OutcomeData, OutcomeType } from './types';

export interface OutcomeFormValues {
  code: string;
  title: LocalizedText;
  start: string;
  end: string;
  country: string;
  type: OutcomeType;
}

export function emptyOutcomeForm(defaults: Partial<OutcomeFormValues> = {}): OutcomeFormValues {
  return { code: '', title: { es: '', en: '', fr: '' }, start: '', end: '', country: 'SV', type: 'outcome', ...defaults };
}

export function outcomeToForm(o: OutcomeData): OutcomeFormValues {
  return { code: o.code, title: { es: '', en: '', fr: '', ...o.title }, start: o.start, end: o.end, country: o.country, type: o.type };
}

export function formToOutcome(v: OutcomeFormValues, projectId: string): OutcomeData {
  return {
    projectId,
    code: v.code.trim(),
    title: cleanText(v.title),
    start: v.start,
    end: v.end,
    country: v.country.trim().toUpperCase(),
    type: v.type,
  };
}
