// Why a sync failed, as a code the interface translates (locales/*/sync.json).
// Classified once here, so that the scheduler and the screens never look at HTTP.

export type SyncErrorCode =
  | 'sync.unauthorized' // wrong password, or the session expired: sign in again
  | 'sync.forbidden' // signed in, but not a member of this database
  | 'sync.noDatabase'
  | 'sync.unreachable' // no network, wrong address, or CORS refused
  | 'sync.insecure' // http:// to another machine: refused before anything is sent
  | 'sync.refused' // the server refused a record (validate_doc_update)
  | 'sync.serverError';

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'SyncError';
  }
}

/** The error for an HTTP answer that is not a success. */
export function errorOfStatus(status: number, body: { error?: string; reason?: string } | undefined): SyncError {
  const reason = body?.reason ?? body?.error ?? String(status);
  if (status === 401) return new SyncError('sync.unauthorized', { reason });
  if (status === 403) return new SyncError('sync.forbidden', { reason });
  if (status === 404) return new SyncError('sync.noDatabase', { reason });
  return new SyncError('sync.serverError', { status, reason });
}

/** Anything thrown while syncing, as a SyncError (the client already classifies HTTP and network). */
export function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  return new SyncError('sync.serverError', { reason: error instanceof Error ? error.message : String(error) });
}
