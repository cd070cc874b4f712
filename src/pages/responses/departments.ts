// The department filter's options: the choices of the form's department question, in
// the interface language, plus any value found in responses that no version offers.

import { DEPARTMENT_QUESTIONS } from '../../lib/db';
import type { Form } from '../../lib/domain/types';
import { choicesOf, findQuestion, localize } from '../../lib/forms/model';

export interface DepartmentOption {
  value: string;
  label: string;
}

/** `versions` newest first: a label from a newer version wins. */
export function departmentOptions(versions: readonly Form[], found: readonly string[], lang: string): DepartmentOption[] {
  const labels = new Map<string, string>();
  for (const form of [...versions].reverse()) {
    for (const name of DEPARTMENT_QUESTIONS) {
      const question = findQuestion(form, name);
      if (!question) continue;
      for (const choice of choicesOf(form, question)) {
        labels.set(choice.name, localize(choice.label, lang, form.defaultLanguage) || choice.name);
      }
    }
  }
  for (const value of found) if (!labels.has(value)) labels.set(value, value);
  return [...labels].map(([value, label]) => ({ value, label }));
}
