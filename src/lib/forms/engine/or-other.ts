// `select_one list or_other`: as pyxform does, the list gets an "other" choice and the
// select is followed by a text question `<name>_other`, relevant when "other" is picked.
// The engine and the response page both read forms through `withOrOther`, so the
// specify question is an ordinary question everywhere (answers, `${name}`, merges).
import type { Choice, FieldQuestion, FormData, Question } from '../../domain/types';
import { isContainer } from '../model';

export const OTHER_CHOICE = 'other';
/** A list name no XLSForm list can have ('#' is not in a name): the list with "other". */
const LIST_SUFFIX = '#or_other';

type Shape = Pick<FormData, 'questions' | 'choices'>;

const expanded = new WeakMap<object, Shape>();
/** Specify questions made here, to the select they specify. */
const specifies = new WeakMap<Question, FieldQuestion>();
/** "Other" choices made here: their label is the interface's, not the form's. */
const otherChoices = new WeakSet<Choice>();

export function specifyName(selectName: string): string {
  return `${selectName}_other`;
}

/** The form with every or_other select expanded; the same object when it has none. */
export function withOrOther<F extends Shape>(form: F): F {
  const hit = expanded.get(form);
  if (hit) return hit as F;
  const choices = { ...form.choices };
  let changed = false;
  const expand = (questions: Question[]): Question[] => {
    const out: Question[] = [];
    for (const q of questions) {
      if (isContainer(q)) {
        const children = expand(q.children);
        out.push(children === q.children ? q : { ...q, children });
      } else if (q.orOther && q.listName && (q.type === 'select_one' || q.type === 'select_multiple')) {
        changed = true;
        const list = q.listName + LIST_SUFFIX;
        if (!choices[list]) {
          const own = form.choices[q.listName] ?? [];
          const other: Choice = { name: OTHER_CHOICE, label: {} };
          otherChoices.add(other);
          choices[list] = own.some((c) => c.name === OTHER_CHOICE) ? own : [...own, other];
        }
        const select: FieldQuestion = { ...q, listName: list };
        const specify: FieldQuestion = { type: 'text', name: specifyName(q.name), relevant: `selected(\${${q.name}}, '${OTHER_CHOICE}')` };
        specifies.set(specify, select);
        out.push(select, specify);
      } else out.push(q);
    }
    return changed ? out : questions;
  };
  const questions = expand(form.questions);
  const result = changed ? { ...form, questions, choices } : form;
  expanded.set(form, result);
  expanded.set(result, result);
  return result;
}

/** For a specify question made by `withOrOther`, the select it belongs to. */
export function specifiedSelect(q: Question): FieldQuestion | undefined {
  return specifies.get(q);
}

/** Whether this is an "other" choice made by `withOrOther` (to be labelled by the interface). */
export function isMadeOtherChoice(choice: Choice): boolean {
  return otherChoices.has(choice);
}
