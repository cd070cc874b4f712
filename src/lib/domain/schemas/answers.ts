// Answers checked against the form they were given to: where the form has a question
// that holds an answer, the answer is text, or for a media question (image, audio,
// video, file) a file; where it has a repeat, a list of instance
// objects, each checked against the repeat's own questions. Names the form does not
// have (metadata of another version, answers kept from a removed question) are left to
// the record schema, which already bounds them.

import type { Answers, FormData, Question, QuestionType } from '../types';
import { INSTANCE_ID, isFileAnswer } from '../types';
import type { Problem } from './safe-json';

type Scope = Map<string, { type: QuestionType; children?: Scope }>;

/** Questions whose answer may be a file; text stays allowed (answers kept before files were stored hold a name only). */
const MEDIA_TYPES: ReadonlySet<QuestionType> = new Set(['image', 'audio', 'video', 'file']);

const scopes = new WeakMap<readonly Question[], Scope>();

/** The questions answerable at one level: groups are transparent, repeats open a level. */
function scopeOf(questions: readonly Question[]): Scope {
  let scope = scopes.get(questions);
  if (scope) return scope;
  scope = new Map();
  const add = (list: readonly Question[]) => {
    for (const q of list) {
      if (q.type === 'group') add(q.children);
      else if (q.type === 'repeat') scope!.set(q.name, { type: 'repeat', children: scopeOf(q.children) });
      else scope!.set(q.name, { type: q.type });
    }
  };
  add(questions);
  scopes.set(questions, scope);
  return scope;
}

function check(answers: Answers, scope: Scope, path: string): Problem | undefined {
  for (const [name, value] of Object.entries(answers)) {
    const field = `${path}/${name}`;
    if (name === INSTANCE_ID) {
      if (typeof value !== 'string') return { reason: 'wrongType', field, params: {} };
      continue;
    }
    const question = scope.get(name);
    if (!question) continue;
    if (question.type !== 'repeat') {
      const fits = typeof value === 'string' || (MEDIA_TYPES.has(question.type) && isFileAnswer(value));
      if (!fits) return { reason: 'answerType', field, params: { type: question.type } };
      continue;
    }
    if (!Array.isArray(value)) return { reason: 'answerType', field, params: { type: 'repeat' } };
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], question.children!, `${field}/${i}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The first answer the form's questions cannot hold, or undefined. */
export function answersProblem(answers: Answers, form: Pick<FormData, 'questions'>): Problem | undefined {
  return check(answers, scopeOf(form.questions), 'answers');
}
