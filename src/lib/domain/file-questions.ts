// Which questions name which files: a response's file answers with the type of the
// question that holds each, and whether a question of that type takes a file of a
// given MIME type (a photo question takes no video). Pure.

import type { Answers, FileAnswer, Question, QuestionType } from './types';
import { isFileAnswer } from './types';

/** The MIME type prefix each media question takes; `file` takes anything. */
const TAKES: Partial<Record<QuestionType, string>> = {
  image: 'image/',
  audio: 'audio/',
  'background-audio': 'audio/',
  video: 'video/',
  file: '',
};

/** Whether a question of this type (undefined: not known here) holds a file of this MIME type. */
export function questionTakes(type: QuestionType | undefined, mime: string): boolean {
  if (type === undefined) return true;
  const prefix = TAKES[type];
  return prefix !== undefined && mime.toLowerCase().startsWith(prefix);
}

const byName = new WeakMap<readonly Question[], Map<string, Question>>();

/** The questions of one level by name (groups are transparent), read once per list. */
function typesByName(questions: readonly Question[]): Map<string, Question> {
  let found = byName.get(questions);
  if (found) return found;
  found = new Map();
  const add = (list: readonly Question[]) => {
    for (const q of list) {
      if (q.type === 'group') add(q.children);
      else found!.set(q.name, q);
    }
  };
  add(questions);
  byName.set(questions, found);
  return found;
}

/**
 * Every file answer in the answers, with the type of the question holding it (undefined
 * where the form is not known or has no such question), repeats included.
 */
export function fileAnswers(answers: Answers, questions: readonly Question[] | undefined): { file: FileAnswer; type: QuestionType | undefined }[] {
  const out: { file: FileAnswer; type: QuestionType | undefined }[] = [];
  const walk = (level: Answers, scope: Map<string, Question> | undefined) => {
    for (const [name, value] of Object.entries(level)) {
      const question = scope?.get(name);
      if (isFileAnswer(value)) out.push({ file: value, type: question?.type });
      else if (Array.isArray(value)) {
        const children = question?.type === 'repeat' ? typesByName(question.children) : undefined;
        for (const instance of value) walk(instance, children);
      }
    }
  };
  walk(answers, questions ? typesByName(questions) : undefined);
  return out;
}
