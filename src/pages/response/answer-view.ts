// A response's answers and edit history as text to show: question labels and choice
// labels in the interface language (falling back to the form's default language),
// an entity's label for a select of the device's entity lists, repeats as lists of
// instances. Pure, so that it is tested without a browser.

import { isFileAnswer, type AnswerValue, type Answers, type FileAnswer, type FormData, type Question, type ResponseEdit } from '../../lib/domain/types';
import { answerText, isDeviceFilled, specifiedSelect, withOrOther, type AnswerWords } from '../../lib/forms/engine';
import { chosenEntities, type ChosenEntity, type EntityLookup } from '../../lib/forms/engine/answer-text';
import { findQuestion, isContainer, questionLabel } from '../../lib/forms/model';

export type AnswerNode =
  /** `entities`: for a select_one / select_multiple of an entity list, each entity it names (to link to). */
  | { kind: 'field'; name: string; label: string; value: string; entities?: ChosenEntity[] }
  /** A captured file: shown by FileView (thumbnail, player, or "not on this device"). */
  | { kind: 'file'; name: string; label: string; file: FileAnswer }
  | { kind: 'group'; name: string; label: string; children: AnswerNode[] }
  | { kind: 'repeat'; name: string; label: string; instances: AnswerNode[][] };

/** Words the caller translates: this module stays free of i18n. */
export interface ViewWords extends AnswerWords {
  /** A repeat's answer shown as a whole, e.g. "3 entries". */
  instances: (count: number) => string;
  /** The label of or_other's specify question, from its select's label. */
  specify: (selectLabel: string) => string;
}

type FormShape = Pick<FormData, 'formId' | 'version' | 'questions' | 'choices' | 'defaultLanguage' | 'attachments'>;

function isAnswered(value: AnswerValue | undefined): value is AnswerValue {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== '';
}

function labelOf(form: FormShape, q: Question, lang: string, words: ViewWords): string {
  const select = specifiedSelect(q);
  return select ? words.specify(questionLabel(form, select, lang)) : questionLabel(form, q, lang);
}

interface Context {
  form: FormShape;
  lang: string;
  words: ViewWords;
  entities: EntityLookup | undefined;
}

function nodes(context: Context, questions: readonly Question[], answers: Answers, shown: Set<string>): AnswerNode[] {
  const { form, lang, words, entities } = context;
  const out: AnswerNode[] = [];
  for (const q of questions) {
    const label = labelOf(form, q, lang, words);
    if (q.type === 'group') {
      const children = nodes(context, q.children, answers, shown);
      if (children.length) out.push({ kind: 'group', name: q.name, label, children });
      continue;
    }
    const value = answers[q.name];
    // Notes hold no answer; metadata (start, device...) is shown with the response's details.
    if (q.type === 'note' || isDeviceFilled(q) || !isAnswered(value)) continue;
    shown.add(q.name);
    if (q.type === 'repeat') {
      if (!Array.isArray(value)) continue;
      const instances = value.map((instance) => nodes(context, q.children, instance, new Set()));
      out.push({ kind: 'repeat', name: q.name, label, instances });
    } else if (isFileAnswer(value)) {
      out.push({ kind: 'file', name: q.name, label, file: value });
    } else if (!isContainer(q) && typeof value === 'string') {
      const node: AnswerNode = { kind: 'field', name: q.name, label, value: answerText(form, q, value, lang, words, entities) };
      // A rank's text numbers the entities; links would lose the order.
      const chosen = entities && q.type !== 'rank' ? chosenEntities(form, q, value, lang, entities) : undefined;
      out.push(chosen ? { ...node, entities: chosen } : node);
    }
  }
  return out;
}

/**
 * The answers in the form's order. Answers to questions the form does not have (the
 * response's own version is not on this device) follow, under their names.
 * `entities`: the lists the form reads (entityListsOf), loaded from the device.
 */
export function answerTree(source: FormShape | undefined, answers: Answers, lang: string, words: ViewWords, entities?: EntityLookup): AnswerNode[] {
  const shown = new Set<string>();
  const form = source && withOrOther(source);
  const tree = form ? nodes({ form, lang, words, entities }, form.questions, answers, shown) : [];
  for (const [name, value] of Object.entries(answers)) {
    if (shown.has(name) || !isAnswered(value)) continue;
    if (form && isMetadataName(form, name)) continue;
    if (isFileAnswer(value)) tree.push({ kind: 'file', name, label: name, file: value });
    else tree.push({ kind: 'field', name, label: name, value: Array.isArray(value) ? words.instances(value.length) : value });
  }
  return tree;
}

function isMetadataName(form: FormShape, name: string): boolean {
  const q = findQuestion(form, name);
  return !!q && (isDeviceFilled(q) || q.type === 'note');
}

export interface HistoryRow {
  question: string;
  oldValue: string;
  newValue: string;
  by: string;
  at: string;
}

/** "household[2]/age" → "Household members 2 › Age", with labels where the form has them. */
export function questionPath(source: FormShape | undefined, path: string, lang: string, words: ViewWords): string {
  const form = source && withOrOther(source);
  return path
    .split('/')
    .map((segment) => {
      const match = /^(.*?)(?:\[(\d+)\])?$/.exec(segment)!;
      const question = form && findQuestion(form, match[1]);
      const label = form && question ? labelOf(form, question, lang, words) : match[1];
      return match[2] ? `${label} ${match[2]}` : label;
    })
    .join(' › ');
}

export function historyRows(
  source: FormShape | undefined,
  history: readonly ResponseEdit[],
  lang: string,
  words: ViewWords,
  entities?: EntityLookup,
): HistoryRow[] {
  const form = source && withOrOther(source);
  return history.map((edit) => {
    const name = edit.question.split('/').pop()!.replace(/\[\d+\]$/, '');
    const question = form && findQuestion(form, name);
    const text = (value: AnswerValue | null) =>
      value === null ? '' : Array.isArray(value) ? words.instances(value.length) : isFileAnswer(value) ? value.name : form ? answerText(form, question, value, lang, words, entities) : value;
    return {
      question: questionPath(form, edit.question, lang, words),
      oldValue: text(edit.oldValue),
      newValue: text(edit.newValue),
      by: edit.by,
      at: edit.at,
    };
  });
}
