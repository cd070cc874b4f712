// The one place that opens the local database (after Actual Budget's indexeddb.ts).

import Dexie, { type EntityTable, type Table } from 'dexie';
import type { AnyRecord, Envelope, Kind, Outcome, Project } from '../domain/types';
import { Hlc } from '../domain/hlc';
import { LATEST_VERSION, SCHEMA_HISTORY, TABLE_OF_KIND, type SchemaVersion } from './schema';
import { isConnectionLost, StorageUnavailableError, toStorageUnavailable } from './errors';
import { responseIndexMiddleware } from './response-index';
import { indicatorAggregateMiddleware } from './indicator-aggregates';
import { changeSeqMiddleware } from './change-seq';
import { entitySnapshotMiddleware } from './entity-snapshot-keeper';
import { responseCountsMiddleware } from './response-counts';
import type { StoredFile } from './files';
import type { ServerFile } from './file-sync';

export const DEFAULT_DATABASE_NAME = 'piso';

/** Keys of the meta table: deviceId, hlc (last clock handed out), seededAt, seededIds, later sync checkpoints. */
export interface MetaEntry {
  key: string;
  value: unknown;
}

/** A record refused on arrival (bundle or sync), kept aside so that nothing is silently dropped. */
export interface QuarantineEntry {
  /** A new id for the entry, not the record's (the same record may be refused twice). */
  id: string;
  source: 'bundle' | 'sync';
  /** ISO time it was refused. */
  at: string;
  /** The record's id and kind when they could be read. */
  recordId?: string;
  kind?: string;
  /** i18n key of the reason, its params, and the field it names. */
  reason: string;
  params?: Record<string, string | number>;
  field?: string;
  /** The record as it arrived. */
  record: unknown;
}

export class PisoDatabase extends Dexie {
  projects!: EntityTable<Project, 'id'>;
  outcomes!: EntityTable<Outcome, 'id'>;
  indicators!: EntityTable<AnyRecord, 'id'>;
  forms!: EntityTable<AnyRecord, 'id'>;
  responses!: EntityTable<AnyRecord, 'id'>;
  /** Case management: workers, households (entities.ts). */
  entities!: EntityTable<AnyRecord, 'id'>;
  meta!: EntityTable<MetaEntry, 'key'>;
  quarantine!: EntityTable<QuarantineEntry, 'id'>;
  /** Captured files by SHA-256 (files.ts). */
  files!: EntityTable<StoredFile, 'hash'>;
  /** Files known to be on a sync server, or found damaged there (file-sync.ts). */
  serverFiles!: Table<ServerFile, [string, string]>;
  /** This device's clock; set by openDatabase, persisted in meta by every write. */
  clock!: Hlc;
  /** Another tab is upgrading the database: this connection lets go and must not reopen. */
  closingForUpgrade = false;

  /** `history`: the versions to declare, by default all of them (see openDatabase). */
  constructor(name: string, history: readonly SchemaVersion[] = SCHEMA_HISTORY) {
    super(name);
    for (const { version, stores, upgrade } of history) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
    // Index mirrors first, then the indicator aggregates that read the same writes.
    this.use(responseIndexMiddleware);
    this.use(indicatorAggregateMiddleware);
    this.use(responseCountsMiddleware);
    this.use(entitySnapshotMiddleware);
    this.use(changeSeqMiddleware);
  }

  recordTable<T extends Envelope = AnyRecord>(kind: Kind): Table<T, string> {
    const name = TABLE_OF_KIND[kind];
    if (!name) throw new Error(`Unknown record kind: ${String(kind)}`);
    return this.table(name);
  }
}

export interface OpenOptions {
  /**
   * Another tab opened a newer version of the app, or deleted the database: this
   * connection has been closed so that it can proceed (after the writes registered
   * with beforeUpgradeClose). The app should ask to reload: never reload by itself.
   */
  onVersionChange?: () => void;
  /** How long to wait for other tabs to let go before failing with reason 'blocked'. */
  blockedTimeoutMs?: number;
  /**
   * Reads to run once open, beside the clock's (start-up's seed check): read-only
   * transactions run at once, so both cost one round trip to storage, not two.
   */
  alongsideClock?: (db: PisoDatabase) => Promise<void>;
}

let current: PisoDatabase | undefined;

/** The database opened last by openDatabase; the ready-made repositories use it. */
export function database(): PisoDatabase {
  if (!current) throw new Error('The database is not open: call openDatabase() first');
  return current;
}

/**
 * Opens (creating or upgrading) the database, makes sure this device has an id,
 * loads its clock, and makes it the current database. Failures become a
 * StorageUnavailableError whose reason the interface can translate.
 */
export async function openDatabase(name = DEFAULT_DATABASE_NAME, options: OpenOptions = {}): Promise<PisoDatabase> {
  // Every start but the one after an update finds the database at the latest version:
  // declaring only that schema spares Dexie a parse of every version per version
  // declared (about 100 ms at 4× CPU, before the first screen). An older database
  // fails that open in its upgrade, which IndexedDB rolls back whole; it is then
  // opened with the whole history, so that every upgrade runs.
  let older = false;
  const latestOnly: SchemaVersion = {
    version: LATEST_VERSION,
    stores: LATEST_STORES,
    upgrade: () => {
      older = true;
      throw new Error('An older database: upgrade it with the whole schema history');
    },
  };
  try {
    return await tryOpen(name, options, [latestOnly]);
  } catch (e) {
    if (!older) throw e;
    return tryOpen(name, options, SCHEMA_HISTORY);
  }
}

/** The tables as the latest version leaves them: each version names only those it changes, null drops one. */
const LATEST_STORES: Record<string, string> = Object.fromEntries(
  Object.entries(Object.assign({}, ...SCHEMA_HISTORY.map((version) => version.stores)) as Record<string, string | null>).filter(
    (entry): entry is [string, string] => entry[1] !== null,
  ),
);

async function tryOpen(name: string, options: OpenOptions, history: readonly SchemaVersion[]): Promise<PisoDatabase> {
  const db = new PisoDatabase(name, history);
  let blocked = false;
  db.on('blocked', () => {
    blocked = true;
    // Closing while opening cancels the open, which then rejects below.
    setTimeout(() => {
      if (!db.isOpen()) db.close();
    }, options.blockedTimeoutMs ?? 5000);
  });
  db.on('versionchange', () => {
    db.closingForUpgrade = true;
    // The other tab waits for this connection to close (its own open gives up after its
    // blocked timeout): first write what is pending here, for a short while at most.
    void settlePending().then(() => {
      db.close();
      options.onVersionChange?.();
    });
    return false; // skip Dexie's default, which would reopen on the next query
  });

  try {
    await db.open();
    // Dexie 4 opens a database newer than it knows (another tab ran a newer version of
    // the app); refuse it, this code is stale. Dexie stores version n as n * 10.
    if (Math.floor(db.backendDB().version / 10) > LATEST_VERSION) {
      db.close();
      throw new StorageUnavailableError('blocked');
    }
    [db.clock] = await Promise.all([loadClock(db), options.alongsideClock?.(db)]);
  } catch (e) {
    throw toStorageUnavailable(e, blocked);
  }
  current = db;
  return db;
}

/** Pending writes to finish before the connection lets go for another tab's upgrade. */
const pendingWrites = new Set<() => Promise<void>>();
/** Well below the blocked timeout of the tab that waits (5 s by default). */
const UPGRADE_GRACE_MS = 2000;

/**
 * `flush` writes what a screen holds unsaved (an interview's autosave). It runs when
 * another tab upgrades the database, before this connection closes. Returns the
 * function that unregisters it.
 */
export function beforeUpgradeClose(flush: () => Promise<void>): () => void {
  pendingWrites.add(flush);
  return () => pendingWrites.delete(flush);
}

async function settlePending(): Promise<void> {
  const all = Promise.allSettled([...pendingWrites].map((flush) => flush()));
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, UPGRADE_GRACE_MS))]);
}

/** A write and its retries after a lost connection: the first, then one more. */
const WRITE_ATTEMPTS = 2;

/**
 * Runs a write (one transaction, so a failed attempt wrote nothing); when the
 * connection was lost under it, reopens the database and runs it again instead of
 * failing. Safari closes IndexedDB connections under memory pressure: the write then
 * fails with InvalidStateError ("Failed to execute 'transaction'"), UnknownError or a
 * closed database (Enketo #1576). A connection closed for another tab's upgrade stays
 * closed: the page must reload to run the new code.
 */
export async function withReopen<T>(write: () => Promise<T>, db: PisoDatabase = database()): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (attempt >= WRITE_ATTEMPTS || db.closingForUpgrade || !isConnectionLost(e)) throw e;
      // Dexie may still take the dead connection for open: let go of it, then open anew.
      db.close({ disableAutoOpen: false });
      await db.open();
    }
  }
}

/**
 * The device id and the last clock handed out, read without a write: start-up stays
 * read-only once the device has its id. The clock needs no write here, since every
 * write stores its own stamp in meta (clock.ts). The id is written once, before
 * openDatabase resolves, so it is durable before any record that carries it.
 */
async function loadClock(db: PisoDatabase): Promise<Hlc> {
  const stored = await db.meta.bulkGet(['deviceId', 'hlc']);
  const deviceId = typeof stored[0]?.value === 'string' ? stored[0].value : await createDeviceId(db);
  const last = stored[1]?.value;
  return new Hlc(deviceId, Date.now, typeof last === 'string' ? last : undefined);
}

/** A first run: the device gets its id (unless another tab gave it one meanwhile). */
async function createDeviceId(db: PisoDatabase): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = (await db.meta.get('deviceId'))?.value;
    if (typeof existing === 'string') return existing;
    const deviceId = crypto.randomUUID();
    await db.meta.put({ key: 'deviceId', value: deviceId });
    return deviceId;
  });
}
