// A record the server refused, in words. Piso's validate_doc_update starts each refusal
// of a role with a code (src/lib/sync/validate-doc-update.mjs), translated here; any other
// reason (a rule of that server's own) is "the server refused it", its text a detail line.
// Pure: the caller passes its translate function.

import type { Translate } from './refusal';

const EXPLAINED: Record<string, string> = {
  'role-kind': 'roleKind',
  'role-others': 'roleOthers',
  'role-delete': 'roleDelete',
  'role-none': 'roleNone',
  'file-written-once': 'fileWrittenOnce',
  'role-entity-delete': 'roleEntityDelete',
};

const codeOf = (reason: string) => /^([a-z-]+):/.exec(reason)?.[1];

/** Whether the reason is one the app explains in words (no detail line needed). */
export const isExplainedRefusal = (reason: string): boolean => EXPLAINED[codeOf(reason) ?? ''] !== undefined;

/** What the server objected to, e.g. «su rol no permite cambiar proyectos». */
export function serverRefusalProblem(t: Translate, refused: { kind: string; reason: string }): string {
  const key = EXPLAINED[codeOf(refused.reason) ?? ''];
  return key ? t(`sync.refusedBy.${key}`, { kinds: t(`sync.kinds.${refused.kind}`) }) : t('failure.serverRefused');
}
