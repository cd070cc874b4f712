// An answer as people read it (the response page, `${name}` in labels): choice labels
// instead of names, dates in the language's format, a count of points for a trace,
// a file's name with the warning that it was not kept (answers given before files were
// stored hold only the name; a stored file is shown by the response page itself). Words come translated.
import type { FormData, Question } from '../../domain/types';
import { formatDate, formatDateTime } from '../../i18n/format';
import { localize } from '../model';
import { choicesOfQuestion } from './choice-source';
import { isMadeOtherChoice } from './or-other';
import { parsePath } from './geo';

export interface AnswerWords {
  /** The label of or_other's "other" choice. */
  other: string;
  /** "5 points" */
  points: (count: number) => string;
  /** A file answer kept from before files were stored, a name only: "photo.jpg (not saved)". */
  unsavedFile: (name: string) => string;
}

type FormShape = Pick<FormData, 'formId' | 'version' | 'choices' | 'defaultLanguage' | 'attachments'>;

/** Question types whose answer is a captured file. */
export const FILE_TYPES: readonly string[] = ['image', 'audio', 'video', 'file'];

export function answerText(form: FormShape, question: Question | undefined, value: string, lang: string, words: AnswerWords): string {
  if (!question) return value;
  const type = question.type;
  if (type === 'select_one' || type === 'select_multiple' || type === 'rank') {
    const choices = choicesOfQuestion(form, question);
    const names = type === 'select_one' ? [value] : value.split(' ').filter(Boolean);
    const labels = names.map((name) => {
      const choice = choices.find((c) => c.name === name);
      if (choice && isMadeOtherChoice(choice)) return words.other;
      return (choice && localize(choice.label, lang, form.defaultLanguage)) || name;
    });
    return type === 'rank' ? labels.map((l, i) => `${i + 1}. ${l}`).join(', ') : labels.join(', ');
  }
  if (type === 'date') return formatDate(value, lang);
  if (type === 'datetime') return formatDateTime(value, lang);
  if (type === 'geotrace' || type === 'geoshape') {
    const points = parsePath(value);
    return points ? words.points(type === 'geoshape' ? Math.max(0, points.length - 1) : points.length) : value;
  }
  if (FILE_TYPES.includes(type)) return words.unsavedFile(value);
  return value;
}

/**
 * What `${name}` shows: the answer as stored (choice names, as in ODK), but readable for
 * the types whose stored form is not. A media question shows its file's name, as in ODK.
 */
export function referenceText(form: FormShape, question: Question, value: string, lang: string, words: AnswerWords): string {
  const readable = question.type === 'rank' || question.type === 'geotrace' || question.type === 'geoshape';
  return readable && value !== '' ? answerText(form, question, value, lang, words) : value;
}
