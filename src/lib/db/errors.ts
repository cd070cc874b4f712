// Storage failures the interface can explain to a person in the field.

/**
 * Why the local database cannot be used:
 * - 'quota': the device (or the browser's share of it) is full;
 * - 'blocked': another tab holds an older or newer version of the database open;
 *   closing the other tabs, or reloading, fixes it;
 * - 'unavailable': no IndexedDB (private mode in some browsers, a storage setting,
 *   a broken profile).
 */
export type StorageUnavailableReason = 'quota' | 'blocked' | 'unavailable';

export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';

  constructor(
    readonly reason: StorageUnavailableReason,
    options?: { cause?: unknown },
  ) {
    super(`Local storage is unavailable (${reason})`, options);
  }
}

/** A record asked for by id does not exist on this device. */
export class RecordNotFoundError extends Error {
  override readonly name = 'RecordNotFoundError';

  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`No ${kind} with id ${id}`);
  }
}

/** The error and the errors it wraps: Dexie puts the native one in `inner`. */
function* causes(e: unknown): Generator<Record<string, unknown>> {
  for (let depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const error = e as Record<string, unknown>;
    yield error;
    e = error.inner ?? error.cause;
  }
}

/** True for "storage full", however the browser and Dexie word it. */
export function isQuotaError(e: unknown): boolean {
  for (const error of causes(e)) {
    // Firefox used its own name; old WebKit only set the legacy code 22.
    if (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    if (error.code === 22 && typeof DOMException !== 'undefined' && error instanceof DOMException) return true;
  }
  return false;
}

/** Names under which browsers and Dexie report a write whose connection went away. */
const CONNECTION_LOST = new Set(['DatabaseClosedError', 'InvalidStateError', 'UnknownError', 'AbortError']);

/** True when a write failed because the database connection was lost (not a full disk, not a bad value). */
export function isConnectionLost(e: unknown): boolean {
  if (isQuotaError(e)) return false;
  for (const error of causes(e)) if (typeof error.name === 'string' && CONNECTION_LOST.has(error.name)) return true;
  return false;
}

/** Wraps any failure to open the database in a StorageUnavailableError. */
export function toStorageUnavailable(e: unknown, blocked: boolean): StorageUnavailableError {
  if (e instanceof StorageUnavailableError) return e;
  if (isQuotaError(e)) return new StorageUnavailableError('quota', { cause: e });
  if (blocked) return new StorageUnavailableError('blocked', { cause: e });
  for (const error of causes(e)) {
    if (error.name === 'VersionError') return new StorageUnavailableError('blocked', { cause: e });
  }
  return new StorageUnavailableError('unavailable', { cause: e });
}
