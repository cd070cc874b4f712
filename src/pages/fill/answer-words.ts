// The translated words answer texts use (lib/forms/engine/answer-text.ts), for the
// interview (`${name}`) and the response page alike.
import type { AnswerWords } from '../../lib/forms/engine';

export function answerWords(t: (key: string, params?: Record<string, unknown>) => string): AnswerWords {
  return {
    other: t('fill.orOther.choice'),
    points: (count) => t('response.points', { count }),
    unsavedFile: (name) => t('response.unsavedFile', { name }),
  };
}
