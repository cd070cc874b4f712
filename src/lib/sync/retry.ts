// When to try a failed sync again: soon after the first failure, then with pauses that
// double, never more than the regular interval (5 minutes). Errors that only a person
// can fix (sign in again, ask for access, create the database) are not retried.
import type { SyncErrorCode } from './errors';

export const SYNC_INTERVAL_MS = 5 * 60_000;
const FIRST_RETRY_MS = 5_000;
const NEEDS_SOMEONE: readonly SyncErrorCode[] = ['sync.unauthorized', 'sync.forbidden', 'sync.noDatabase', 'sync.insecure'];

/** The pause before the next try after `failures` failures in a row, or null for none. */
export function retryPause(code: SyncErrorCode, failures: number): number | null {
  if (NEEDS_SOMEONE.includes(code)) return null;
  return Math.min(SYNC_INTERVAL_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}
