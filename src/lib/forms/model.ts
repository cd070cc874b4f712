// The form model: types (declared in lib/domain so that every layer can store forms)
// and pure helpers to walk and read a form.

import type {
  Choice,
  ContainerQuestion,
  FormData,
  LocalizedText,
  MetadataType,
  Question,
  QuestionType,
} from '../domain/types';

export type {
  Choice,
  ContainerQuestion,
  FieldQuestion,
  FormData,
  FormIssue,
  MetadataType,
  Question,
  QuestionType,
} from '../domain/types';

export const METADATA_TYPES: readonly MetadataType[] = [
  'start',
  'end',
  'today',
  'deviceid',
  'username',
  'phonenumber',
  'email',
  'simserial',
  'subscriberid',
  'audit',
  'start-geopoint',
  'background-geopoint',
];

export const QUESTION_TYPES: readonly QuestionType[] = [
  'text',
  'integer',
  'decimal',
  'range',
  'select_one',
  'select_multiple',
  'rank',
  'date',
  'time',
  'datetime',
  'geopoint',
  'geotrace',
  'geoshape',
  'barcode',
  'image',
  'audio',
  'video',
  'file',
  'background-audio',
  'note',
  'calculate',
  'hidden',
  'acknowledge',
  'xml-external',
  'csv-external',
  'group',
  'repeat',
  ...METADATA_TYPES,
];

export function isContainer(q: Question): q is ContainerQuestion {
  return q.type === 'group' || q.type === 'repeat';
}

export function isMetadata(q: Question): boolean {
  return (METADATA_TYPES as readonly string[]).includes(q.type);
}

export function isSelect(q: Question): boolean {
  return q.type === 'select_one' || q.type === 'select_multiple';
}

/** Every question in document order, depth first, with the groups/repeats that hold it. */
export function* walkQuestions(
  questions: readonly Question[],
  parents: readonly ContainerQuestion[] = [],
): Generator<{ question: Question; parents: readonly ContainerQuestion[] }> {
  for (const question of questions) {
    yield { question, parents };
    if (isContainer(question)) yield* walkQuestions(question.children, [...parents, question]);
  }
}

/**
 * Question names are unique in a form: the importer refuses duplicates within a group,
 * and keys a name repeated in another group of the same scope by its group path.
 */
export function findQuestion(form: Pick<FormData, 'questions'>, name: string): Question | undefined {
  for (const { question } of walkQuestions(form.questions)) {
    if (question.name === name) return question;
  }
  return undefined;
}

/** The innermost repeat holding a question, if any: its answers live per instance. */
export function enclosingRepeat(form: Pick<FormData, 'questions'>, name: string): ContainerQuestion | undefined {
  for (const { question, parents } of walkQuestions(form.questions)) {
    if (question.name === name) return [...parents].reverse().find((p) => p.type === 'repeat');
  }
  return undefined;
}

/** The choices a select question offers (before any choice_filter). */
export function choicesOf(form: Pick<FormData, 'choices'>, q: Question): Choice[] {
  return ('listName' in q && q.listName && form.choices[q.listName]) || [];
}

/**
 * Text in `lang`, else in the form's default language, else in any language it has;
 * '' when there is none.
 */
export function localize(text: LocalizedText | undefined, lang: string, defaultLanguage: string): string {
  if (!text) return '';
  return text[lang] || text[defaultLanguage] || Object.values(text).find((t) => t) || '';
}

/** A question's label in `lang`, falling back as `localize` does, then to its name. */
export function questionLabel(form: Pick<FormData, 'defaultLanguage'>, q: Question, lang: string): string {
  return localize(q.label, lang, form.defaultLanguage) || q.name;
}

/**
 * pyxform's default_is_dynamic: a default is an expression (evaluated when the form
 * opens) when it has a ${reference}, a function call, a math operator or a union; a
 * hyphen in a date or a place is not one. Here, so that the engine can tell the two
 * apart by the importer's rule.
 */
export function isDynamicDefault(value: string, type: QuestionType): boolean {
  let code = ` ${value.replace(/'[^']*'|"[^"]*"/g, ' ')} `;
  code = code.replace(/-?\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\S*)?|\d{2}:\d{2}:\d{2}\S*/g, ' ');
  if (/\$\{[^}]+\}|[\p{L}_][\p{L}\p{N}_.:-]*\(/u.test(code) || / (mod|div) /.test(code)) return true;
  code = code.replace(/[\p{L}_][\p{L}\p{N}_.-]*/gu, ' ').replace(/-?\d+\.\d*|-?\.\d+|-?\d+/g, ' ');
  if (code.includes('-') && ['date', 'datetime', 'geopoint', 'geotrace', 'geoshape'].includes(type)) return false;
  return /[*+|-]/.test(code);
}
