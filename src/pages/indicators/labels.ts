// Names of groups and dimensions in the interface language.
import type { Choice, ComputedIndicatorDefinition, Form } from '../../lib/domain/types';
import { choicesOf, findQuestion, localize } from '../../lib/forms/model';
import { SAMPLE_NOTE_KEY } from '../../lib/indicators';
import { t } from '../../lib/state/locale.svelte';

/** "Total", "Women", "Men", or "dimension: level" for another dimension. */
export function dimensionLabel(dimensions: Record<string, string>): string {
  const entries = Object.entries(dimensions);
  if (entries.length === 0) return t('indicators.dim.total');
  return entries.map(([name, level]) => (name === 'sex' ? t(`indicators.sex.${level}`) : `${name}: ${level}`)).join(' · ');
}

/** The label of a choice of a form's question (the group a computed figure is for). */
export function choiceLabel(form: Form | undefined, question: string, name: string, lang: string): string {
  if (!name) return t('indicators.unanswered');
  const q = form && findQuestion(form, question);
  const choice: Choice | undefined = q ? choicesOf(form, q).find((c) => c.name === name) : undefined;
  return choice && form ? localize(choice.label, lang, form.defaultLanguage) : name;
}

/** i18n keys of a computed indicator's panel. */
export interface ComputedTexts {
  title: string;
  n: string;
  note: string;
  building: string;
}

/**
 * The texts of a computed indicator's panel: one counted over a case list (its cases as of
 * their latest visit, every one on the device) reads differently from one counted over a
 * survey's sample of responses.
 */
export function computedTexts(def: ComputedIndicatorDefinition): ComputedTexts {
  return def.source
    ? { title: 'indicators.computed.titleList', n: 'indicators.computed.nList', note: 'indicators.computed.listNote', building: 'indicators.computed.buildingList' }
    : { title: 'indicators.computed.title', n: 'indicators.computed.n', note: SAMPLE_NOTE_KEY, building: 'indicators.computed.building' };
}
