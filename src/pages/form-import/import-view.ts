// What the import screen shows of an import result, as pure functions.

import type { FormData, FormIssue } from '../../lib/domain/types';
import { isContainer, isMetadata, walkQuestions } from '../../lib/forms/model';

/** Types nobody answers: shown, computed, or recorded by the device. */
const NOT_ASKED = new Set(['note', 'calculate', 'hidden', 'xml-external', 'csv-external', 'background-audio']);

/** Questions someone answers: not groups, repeats, notes, calculations or metadata. */
export function countQuestions(form: Pick<FormData, 'questions'>): number {
  let count = 0;
  for (const { question } of walkQuestions(form.questions)) {
    if (!isContainer(question) && !isMetadata(question) && !NOT_ASKED.has(question.type)) count++;
  }
  return count;
}

/**
 * The i18n key and values of an issue's message. The message may use the issue's
 * place as well as its params; a suggestion ("did you mean…") picks the message's
 * `_suggestion` variant through i18next's context.
 */
export function issueMessage(issue: FormIssue): { key: string; options: Record<string, unknown> } {
  const options: Record<string, unknown> = {
    sheet: issue.sheet,
    row: issue.row,
    column: issue.column,
    header: issue.header,
    ...issue.params,
  };
  if (issue.params?.suggestion !== undefined) options.context = 'suggestion';
  return { key: issue.code, options };
}

/** "F (relevant)": the column letter, with its header when the issue names one. */
export function columnText(issue: FormIssue): string {
  if (!issue.column) return '';
  return issue.header ? `${issue.column} (${issue.header})` : issue.column;
}
