// The sync scheduler (DESIGN.md "Sync"): syncs when the app opens, when the connection
// comes back, every 5 minutes while online, and on "Sync now"; retries failures with
// growing pauses up to 5 minutes; never runs two syncs at once, in this tab or across
// tabs (Web Locks). Holds what the header shows: status, pending count, last success,
// last error, refused records.

import { database } from '../db/database';
import { live } from '../db/live.svelte';
import { CouchClient, type SessionInfo } from '../sync/couch-client';
import { isConfigured, isInsecureServer, loadConfig, loadLastSuccess, saveConfig, saveLastSuccess, type SyncConfig } from '../sync/config';
import { SyncError, toSyncError, type SyncErrorCode } from '../sync/errors';
import type { FileSyncSummary } from '../sync/files';
import { countPending } from '../sync/pending';
import { loadRefused, targetKey, type RefusedRecord } from '../sync/target-meta';
import { retryPause, SYNC_INTERVAL_MS } from '../sync/retry';

const LOCK_NAME = 'piso-sync';

export type SyncStatus = 'idle' | 'syncing' | 'error';

export interface SyncFailure {
  code: SyncErrorCode;
  params: Record<string, string | number>;
}

class SyncState {
  status = $state<SyncStatus>('idle');
  lastSuccess = $state<string | null>(loadLastSuccess());
  lastError = $state<SyncFailure | null>(null);
  refused = $state<RefusedRecord[]>([]);
  /** Records the last sync brought with a clock too far ahead to follow (kept as they came). */
  aheadOfClock = $state(0);
  /** Files the last sync sent and fetched, refused and found damaged (null before the first). */
  files = $state<FileSyncSummary | null>(null);
  config = $state<SyncConfig>(loadConfig());

  readonly #pending = live(() => countPending(database()), 0);
  #running: Promise<void> | undefined;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #started = false;

  /** Records changed here and not yet on the server (live). */
  get pending(): number {
    return this.#pending.current;
  }

  get ready(): boolean {
    return isConfigured(this.config) && this.config.user !== null;
  }

  /** Starts the schedule once per page; the first sync runs now. */
  start(): void {
    if (this.#started || typeof window === 'undefined') return;
    this.#started = true;
    window.addEventListener('online', () => void this.syncNow());
    setInterval(() => navigator.onLine && void this.syncNow(), SYNC_INTERVAL_MS);
    void this.#loadRefused();
    void this.syncNow();
  }

  /** Syncs unless a sync is already running here or in another tab. */
  syncNow(): Promise<void> {
    if (!this.ready) return Promise.resolve();
    this.#running ??= this.#withLock(() => this.#run()).finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #withLock(task: () => Promise<void>): Promise<void> {
    if (!navigator.locks) return task(); // best effort: one sync per tab
    await navigator.locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (lock) await task(); // null: another tab is syncing right now
    });
  }

  async #run(): Promise<void> {
    clearTimeout(this.#retry);
    this.status = 'syncing';
    try {
      // Loaded on the first sync, not with the first screen: push, pull and the record
      // check (valibot, the expression parser) are most of sync's code.
      const { syncOnce } = await import('../sync/sync-once');
      const result = await syncOnce(this.#client(), database());
      this.refused = result.refused;
      this.aheadOfClock = result.aheadOfClock;
      this.files = result.files;
      this.lastSuccess = new Date().toISOString();
      saveLastSuccess(this.lastSuccess);
      this.#failures = 0;
      this.lastError = result.refused.length > 0 ? { code: 'sync.refused', params: { count: result.refused.length } } : null;
      this.status = result.refused.length > 0 ? 'error' : 'idle';
    } catch (error) {
      const failure = toSyncError(error);
      this.lastError = { code: failure.code, params: failure.params };
      this.status = 'error';
      this.#failures++;
      const pause = retryPause(failure.code, this.#failures);
      if (pause !== null) this.#retry = setTimeout(() => void this.syncNow(), pause);
    }
  }

  #client(config: SyncConfig = this.config): CouchClient {
    return new CouchClient({ url: config.url.trim(), database: config.database.trim() });
  }

  async #loadRefused(): Promise<void> {
    if (isConfigured(this.config)) this.refused = await loadRefused(database(), targetKey(this.config.url.trim(), this.config.database.trim()));
  }

  /**
   * Saves the address and database; signs out if they change (the session belongs to a
   * server). Throws sync.insecure, saving nothing, for an http:// server on another machine.
   */
  configure(url: string, databaseName: string): void {
    if (isInsecureServer(url)) throw new SyncError('sync.insecure', { url });
    const changed = url !== this.config.url || databaseName !== this.config.database;
    this.config = changed ? { url, database: databaseName, user: null, roles: [] } : { ...this.config, url, database: databaseName };
    saveConfig(this.config);
    if (changed) void this.#loadRefused();
  }

  /** POST /_session with the password, which is then forgotten; syncs at once. */
  async signIn(url: string, databaseName: string, user: string, password: string): Promise<SessionInfo> {
    const config = { url, database: databaseName, user: null, roles: [] };
    const session = await this.#client(config).signIn(user, password);
    this.config = { ...config, user: session.name ?? user, roles: session.roles };
    saveConfig(this.config);
    this.lastError = null;
    void this.#loadRefused();
    void this.syncNow();
    return session;
  }

  async signOut(): Promise<void> {
    try {
      await this.#client().signOut();
    } finally {
      // Even offline: the device stops syncing; the server's session simply expires.
      this.config = { ...this.config, user: null, roles: [] };
      saveConfig(this.config);
    }
  }

  /** Checks address, session and database without syncing; throws a SyncError. */
  async test(url: string, databaseName: string): Promise<void> {
    await this.#client({ url, database: databaseName, user: null, roles: [] }).checkAccess();
  }
}

export const sync = new SyncState();
