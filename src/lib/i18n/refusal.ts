// A refused record in words: which record (kind, code or title, id; or its place in
// the bundle when none of that could be read) and what is wrong with which field.
// Pure: the caller passes its translate function and language.

import { formatNumber } from './format';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** A refusal as checkRecord gives it, or as the quarantine keeps it (label among params). */
export interface RefusalLike {
  reason: string;
  field?: string;
  params?: Record<string, string | number>;
  kind?: string;
  recordId?: string;
  label?: string;
}

const KINDS = new Set(['project', 'outcome', 'indicator', 'form', 'response', 'entity']);

/** Which record it is, e.g. «Respuesta «coverage» (3f2a…)». */
export function refusedRecordName(t: Translate, refusal: RefusalLike): string {
  const params = refusal.params ?? {};
  const label = refusal.label ?? (typeof params.label === 'string' ? params.label : undefined);
  if (refusal.kind && KINDS.has(refusal.kind) && refusal.recordId) {
    const kind = t(`record.kind.${refusal.kind}`);
    return label ? t('record.who', { kind, label, id: refusal.recordId }) : t('record.whoNoLabel', { kind, id: refusal.recordId });
  }
  if (typeof params.number === 'number') return t('record.whoNumber', { number: params.number });
  return t('record.whoUnknown');
}

/** What is wrong, e.g. «el campo «answers/name» no tiene el tipo esperado». */
export function refusalProblem(t: Translate, lang: string, refusal: RefusalLike): string {
  const params: Record<string, unknown> = { ...refusal.params, field: refusal.field ?? '' };
  if (typeof params.max === 'number') params.max = formatNumber(params.max, lang);
  return t(`record.problem.${refusal.reason}`, params);
}

/** The whole sentence: the record, then what is wrong with it. */
export function refusalText(t: Translate, lang: string, refusal: RefusalLike): string {
  return t('record.refused', { record: refusedRecordName(t, refusal), problem: refusalProblem(t, lang, refusal) });
}
