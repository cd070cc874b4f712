// The one place that opens the local database (after Actual Budget's indexeddb.ts).

import Dexie, { type EntityTable, type Table } from 'dexie';
import type { AnyRecord, Envelope, Kind, Outcome, Project } from '../domain/types';
import { Hlc } from '../domain/hlc';
import { LATEST_VERSION, SCHEMA_HISTORY, TABLE_OF_KIND } from './schema';
import { StorageUnavailableError, toStorageUnavailable } from './errors';
import { responseIndexMiddleware } from './response-index';
import { indicatorAggregateMiddleware } from './indicator-aggregates';
import { changeSeqMiddleware } from './change-seq';

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
  meta!: EntityTable<MetaEntry, 'key'>;
  quarantine!: EntityTable<QuarantineEntry, 'id'>;
  /** This device's clock; set by openDatabase, persisted in meta by every write. */
  clock!: Hlc;

  constructor(name: string) {
    super(name);
    for (const { version, stores, upgrade } of SCHEMA_HISTORY) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
    // Index mirrors first, then the indicator aggregates that read the same writes.
    this.use(responseIndexMiddleware);
    this.use(indicatorAggregateMiddleware);
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
   * connection has been closed so that it can proceed. The app should reload
   * (or ask to, if a survey is being filled).
   */
  onVersionChange?: () => void;
  /** How long to wait for other tabs to let go before failing with reason 'blocked'. */
  blockedTimeoutMs?: number;
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
  const db = new PisoDatabase(name);
  let blocked = false;
  db.on('blocked', () => {
    blocked = true;
    // Closing while opening cancels the open, which then rejects below.
    setTimeout(() => {
      if (!db.isOpen()) db.close();
    }, options.blockedTimeoutMs ?? 5000);
  });
  db.on('versionchange', () => {
    db.close();
    options.onVersionChange?.();
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
    db.clock = await loadClock(db);
  } catch (e) {
    throw toStorageUnavailable(e, blocked);
  }
  current = db;
  return db;
}

async function loadClock(db: PisoDatabase): Promise<Hlc> {
  return db.transaction('rw', db.meta, async () => {
    let deviceId = (await db.meta.get('deviceId'))?.value;
    if (typeof deviceId !== 'string') {
      deviceId = crypto.randomUUID();
      await db.meta.put({ key: 'deviceId', value: deviceId });
    }
    const last = (await db.meta.get('hlc'))?.value;
    return new Hlc(deviceId as string, Date.now, typeof last === 'string' ? last : undefined);
  });
}
