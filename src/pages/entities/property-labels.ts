// How a case's properties read on screen: each by the label of the question that saves
// to it (`save_to`) and each choice code by its choice's label, in the user's language,
// as the forms on the device that write the list declare them. Registration forms speak
// first (they name what a case is); a follow-up names the properties only it saves. A
// property or a code no form on the device declares (the form was removed, or the case
// came by sync before its form) reads as its name or code.

import type { Choice, FieldQuestion, FormData } from '../../lib/domain/types';
import { choicesOf, isContainer, localize, questionLabel, walkQuestions } from '../../lib/forms/model';
import { formsWriting } from './follow-up';

type WritingForm = Pick<FormData, 'entities' | 'questions' | 'choices' | 'defaultLanguage'>;

/** One property as the forms declare it: the question saving to it, in its form. */
interface Declared {
  form: WritingForm;
  question: FieldQuestion;
}

export interface PropertyWording {
  /** The property's name on screen. */
  label(name: string): string;
  /** A value of the property on screen: choice labels for a select's codes (a select_multiple's joined), else as stored. */
  value(name: string, value: string): string;
  /** The choices of a select_one property (code and label), in the form's order; undefined for others. */
  choices(name: string): { value: string; label: string }[] | undefined;
}

/** Whether the form creates the list's cases (an entities row with no entity_id, or with create_if). */
const registers = (form: WritingForm, list: string) =>
  form.entities?.some((d) => d.listName === list && (d.entityId === undefined || d.createIf !== undefined)) ?? false;

/** The question that saves to each property of `list`, registration forms first, then in the forms' order. */
function declaredProperties(forms: readonly WritingForm[], list: string): Map<string, Declared> {
  const writing = formsWriting(forms, list);
  const ordered = [...writing.filter((form) => registers(form, list)), ...writing.filter((form) => !registers(form, list))];
  const out = new Map<string, Declared>();
  for (const form of ordered) {
    for (const { question } of walkQuestions(form.questions)) {
      if (isContainer(question) || !question.saveTo || out.has(question.saveTo)) continue;
      out.set(question.saveTo, { form, question });
    }
  }
  return out;
}

/** The choices a select question offers from its form's choices sheet (a select from a file has none here). */
const sheetChoices = ({ form, question }: Declared): Choice[] | undefined =>
  question.listName && !question.itemset && (question.type === 'select_one' || question.type === 'select_multiple')
    ? choicesOf(form, question)
    : undefined;

/** How the properties of `list` read in `lang`, from `forms` (the device's latest versions). */
export function propertyWording(forms: readonly WritingForm[], list: string, lang: string): PropertyWording {
  const declared = declaredProperties(forms, list);
  const choiceLabel = (d: Declared, choices: readonly Choice[], code: string) => {
    const choice = choices.find((c) => c.name === code);
    return (choice && localize(choice.label, lang, d.form.defaultLanguage)) || code;
  };
  return {
    label: (name) => {
      const d = declared.get(name);
      return d ? questionLabel(d.form, d.question, lang) : name;
    },
    value: (name, value) => {
      const d = declared.get(name);
      const choices = d && sheetChoices(d);
      if (!d || !choices || value === '') return value;
      if (d.question.type === 'select_one') return choiceLabel(d, choices, value);
      return value.split(' ').filter(Boolean).map((code) => choiceLabel(d, choices, code)).join(', ');
    },
    choices: (name) => {
      const d = declared.get(name);
      const choices = d?.question.type === 'select_one' ? sheetChoices(d) : undefined;
      return d && choices?.map((c) => ({ value: c.name, label: choiceLabel(d, choices, c.name) }));
    },
  };
}
