// Which files a question takes and which questions name which files: the one set of
// rules for capture (the file input's accept list), bundle import and sync. Image,
// audio and video questions take their own kind; a file question any file, or the
// list the form gives in its `body::accept` column (".pdf,.docx", "application/pdf",
// "image/*"), as ODK Collect and Enketo read it. Pure.

import type { Answers, FileAnswer, Question, QuestionType } from './types';
import { isFileAnswer } from './types';

/**
 * Audio, video and other files larger than this are refused: a phone of 1–1.5 GB must
 * not fill up with one recording, and bundles and sync carry each file whole. 100 MB is
 * about 10 minutes of phone video. XLSForm has no column for a size limit, so it is
 * the same for every form.
 */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

export type MediaKind = 'image' | 'audio' | 'video' | 'file';

const KIND_OF: Partial<Record<QuestionType, MediaKind>> = {
  image: 'image',
  audio: 'audio',
  'background-audio': 'audio',
  video: 'video',
  file: 'file',
};

/** The input's `accept` value; undefined for any file. */
export function acceptOf(kind: MediaKind, question?: Pick<Question, 'extraAttributes'>): string | undefined {
  if (kind !== 'file') return `${kind}/*`;
  const list = question?.extraAttributes?.['body::accept']?.trim();
  return list ? list : undefined;
}

/** Whether a file of this type and name is one that `accept` takes (the picker's filter is only a hint). */
export function accepts(accept: string | undefined, file: { type: string; name: string }): boolean {
  if (!accept) return true;
  const type = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  return accept
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean)
    .some((item) => (item.startsWith('.') ? name.endsWith(item) : item.endsWith('/*') ? type.startsWith(item.slice(0, -1)) : type === item));
}

/** Whether `question` (undefined: not known here) holds this file: a photo question takes no video. */
export function questionTakes(question: Question | undefined, file: { type: string; name: string }): boolean {
  if (question === undefined) return true;
  const kind = KIND_OF[question.type];
  return kind !== undefined && accepts(acceptOf(kind, question), file);
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
 * Every file answer in the answers, with the question holding it (undefined where the
 * form is not known or has no such question), repeats included.
 */
export function fileAnswers(answers: Answers, questions: readonly Question[] | undefined): { file: FileAnswer; question: Question | undefined }[] {
  const out: { file: FileAnswer; question: Question | undefined }[] = [];
  const walk = (level: Answers, scope: Map<string, Question> | undefined) => {
    for (const [name, value] of Object.entries(level)) {
      const question = scope?.get(name);
      if (isFileAnswer(value)) out.push({ file: value, question });
      else if (Array.isArray(value)) {
        const children = question?.type === 'repeat' ? typesByName(question.children) : undefined;
        for (const instance of value) walk(instance, children);
      }
    }
  };
  walk(answers, questions ? typesByName(questions) : undefined);
  return out;
}
