// What a signed-in user may change, from their roles on the server (the same rules the
// server enforces in validate_doc_update, src/lib/sync/validate-doc-update.mjs). Pure.
import type { Kind } from '../domain/types';

export type PisoRole = 'admin' | 'supervisor' | 'enumerator';

/**
 * The strongest Piso role among the user's roles; null when they name none (not signed
 * in, or a server that does not use Piso's roles: then nothing is restricted here).
 */
export function pisoRoleOf(roles: readonly string[]): PisoRole | null {
  if (roles.includes('_admin') || roles.includes('admin')) return 'admin';
  if (roles.includes('supervisor')) return 'supervisor';
  if (roles.includes('enumerator')) return 'enumerator';
  return null;
}

/**
 * Whether records of this kind may be changed: an enumerator changes responses, and the
 * entities (cases) their visits create and update, but not the project, its results
 * framework or its forms. (The server also refuses an enumerator's deletion of a case.)
 */
export const mayChangeKind = (role: PisoRole | null, kind: Kind): boolean =>
  role !== 'enumerator' || kind === 'response' || kind === 'entity';
