// An answer as people read it (the response page, `${name}` in labels): choice labels
// instead of names, dates in the language's format, a trace's points with its length (a
// shape's with its area), a file's name with the warning that it was not kept (answers
// given before files were stored hold only the name; a stored file is shown by the
// response page itself), an entity's label for a select of an entity list (its id, marked, when the device lacks
// that entity: a record that arrived before its entity, or whose entity was never synced here).
// Words come translated.
import type { FieldQuestion, FormData, Question } from '../../domain/types';
import type { Item } from '../attachments';
import { formatDate, formatDateTime } from '../../i18n/format';
import { localize } from '../model';
import { choicesOfQuestion, deviceListOf } from './choice-source';
import { isMadeOtherChoice } from './or-other';
import { parsePath, pathMeasure, pathVertices, type GeoPoint, type PathMeasure } from './geo';

export interface AnswerWords {
  /** The label of or_other's "other" choice. */
  other: string;
  /** A trace or shape as read, "3 points, 245 m: 13.69 -89.19; …": its corners (a shape's closing point left out), and its length or area. */
  path: (closed: boolean, points: readonly GeoPoint[], measure: PathMeasure) => string;
  /** A file answer kept from before files were stored, a name only: "photo.jpg (not saved)". */
  unsavedFile: (name: string) => string;
}

/** The device's entity lists, and how to show an answer naming an entity a list lacks. */
export interface EntityLookup {
  /** Entity lists by name, as the fill screen gives the session (SessionEnv.lists). */
  lists: ReadonlyMap<string, readonly Item[]>;
  /** "w000123 (not on this device)" */
  notOnDevice: (id: string) => string;
}

/** One entity a select's answer names: how it reads, and its id when the device has it. */
export interface ChosenEntity {
  text: string;
  list: string;
  entityId?: string;
}

type FormShape = Pick<FormData, 'formId' | 'version' | 'choices' | 'defaultLanguage' | 'attachments'>;

/** Question types whose answer is a captured file. */
export const FILE_TYPES: readonly string[] = ['image', 'audio', 'video', 'file'];

const SELECT_TYPES: readonly string[] = ['select_one', 'select_multiple', 'rank'];

/** A select's answer as the names it holds: one, or several separated by spaces. */
function namesIn(question: Question, value: string): string[] {
  return question.type === 'select_one' ? [value] : value.split(' ').filter(Boolean);
}

export function answerText(
  form: FormShape,
  question: Question | undefined,
  value: string,
  lang: string,
  words: AnswerWords,
  entities?: EntityLookup,
): string {
  if (!question) return value;
  const type = question.type;
  if (SELECT_TYPES.includes(type)) {
    const chosen = entities && chosenEntities(form, question, value, lang, entities);
    const labels = chosen ? chosen.map((c) => c.text) : choiceLabels(form, question, value, lang, words);
    return type === 'rank' ? labels.map((l, i) => `${i + 1}. ${l}`).join(', ') : labels.join(', ');
  }
  if (type === 'date') return formatDate(value, lang);
  if (type === 'datetime') return formatDateTime(value, lang);
  if (type === 'geotrace' || type === 'geoshape') {
    const closed = type === 'geoshape';
    if (!parsePath(value)) return value;
    const points = pathVertices(value, closed);
    return words.path(closed, points, pathMeasure(points, closed));
  }
  if (FILE_TYPES.includes(type)) return words.unsavedFile(value);
  return value;
}

function choiceLabels(form: FormShape, question: Question, value: string, lang: string, words: AnswerWords): string[] {
  const choices = choicesOfQuestion(form, question);
  return namesIn(question, value).map((name) => {
    const choice = choices.find((c) => c.name === name);
    if (choice && isMadeOtherChoice(choice)) return words.other;
    return (choice && localize(choice.label, lang, form.defaultLanguage)) || name;
  });
}

/**
 * The entities a select's answer names, when its choices come from one of the device's
 * entity lists (`<list>.csv` with no attachment of that name, as choice-source reads
 * it); undefined for any other question. An answer is the value column of the list
 * (`name`, the entity id, unless the select's parameters say otherwise); the entity
 * is the row's `name` either way.
 */
export function chosenEntities(form: FormShape, question: Question, value: string, lang: string, entities: EntityLookup): ChosenEntity[] | undefined {
  const file = SELECT_TYPES.includes(question.type) ? (question as FieldQuestion).itemset?.file : undefined;
  const list = file === undefined ? undefined : deviceListOf(form, file);
  if (list === undefined || !entities.lists.has(list)) return undefined;
  const choices = choicesOfQuestion(form, question, entities.lists);
  return namesIn(question, value).map((name) => {
    const choice = choices.find((c) => c.name === name);
    if (!choice) return { text: entities.notOnDevice(name), list };
    return { text: localize(choice.label, lang, form.defaultLanguage) || name, list, entityId: choice.extra?.name ?? name };
  });
}

/**
 * What `${name}` shows: the answer as stored (choice names, as in ODK), but readable for
 * the types whose stored form is not. A media question shows its file's name, as in ODK.
 */
export function referenceText(form: FormShape, question: Question, value: string, lang: string, words: AnswerWords): string {
  const readable = question.type === 'rank' || question.type === 'geotrace' || question.type === 'geoshape';
  return readable && value !== '' ? answerText(form, question, value, lang, words) : value;
}
