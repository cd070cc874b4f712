// One repository class for every kind of record: it fills and stamps the envelope so
// that screens only ever deal with data fields.

import type { IndexableType, Table } from 'dexie';
import { ENVELOPE_FIELDS, type DataOf, type Envelope } from '../domain/types';
import { changeOf, stampNew } from '../domain/record-stamp';
import { database, type PisoDatabase } from './database';
import { nextStamp } from './clock';
import { RecordNotFoundError } from './errors';

const ENVELOPE = new Set<string>(ENVELOPE_FIELDS);

/** The data members of a patch: envelope fields and undefined values are not data. */
function dataEntries(data: object): [string, unknown][] {
  return Object.entries(data).filter(([key, value]) => !ENVELOPE.has(key) && value !== undefined);
}

export interface GetOptions {
  /** Also return a deleted record (a tombstone), e.g. to offer "undo". */
  includeDeleted?: boolean;
}

export class Repository<T extends Envelope> {
  /** `db` is resolved at each call, so ready-made repositories follow openDatabase(). */
  constructor(
    readonly kind: T['kind'],
    private readonly db: () => PisoDatabase = database,
  ) {}

  /** A new record: a new id, and every field (every entry of a map field) stamped with one new clock. */
  async create(data: DataOf<T>): Promise<T> {
    const db = this.db();
    const table = this.table(db);
    return db.transaction('rw', table, db.meta, async () => {
      const stamp = await nextStamp(db);
      const now = new Date().toISOString();
      const { fields, fieldHlc } = stampNew(this.kind, dataEntries(data), stamp);
      const record = {
        ...fields,
        id: crypto.randomUUID(),
        kind: this.kind,
        hlc: stamp,
        fieldHlc,
        deviceId: db.clock.deviceId,
        createdAt: now,
        updatedAt: now,
        deleted: false,
        dirty: 1,
      } as unknown as T;
      await table.add(record);
      return record;
    });
  }

  /** Changes some data fields. Only fields whose value really changes get a new clock. */
  update(id: string, patch: Partial<DataOf<T>>): Promise<T> {
    return this.change(id, dataEntries(patch));
  }

  /** Deletes as a tombstone, so that the deletion travels to other devices. */
  async remove(id: string): Promise<void> {
    await this.change(id, [['deleted', true]]);
  }

  /** Undoes a deletion. */
  async restore(id: string): Promise<void> {
    await this.change(id, [['deleted', false]]);
  }

  async get(id: string, { includeDeleted = false }: GetOptions = {}): Promise<T | undefined> {
    const record = await this.table(this.db()).get(id);
    return record && (includeDeleted || !record.deleted) ? record : undefined;
  }

  // Filtered here rather than with Dexie's filter(): a Collection with a filter walks a
  // cursor, one IndexedDB round trip per record, where toArray() alone is one getAll.

  /** Every record not deleted, in no particular order. */
  async list(): Promise<T[]> {
    return (await this.table(this.db()).toArray()).filter((record) => !record.deleted);
  }

  /** Records not deleted whose indexed field equals a value, e.g. outcomes by projectId. */
  async listWhere(index: string, value: IndexableType): Promise<T[]> {
    return (await this.table(this.db()).where(index).equals(value).toArray()).filter((record) => !record.deleted);
  }

  private table(db: PisoDatabase): Table<T, string> {
    return db.recordTable<T>(this.kind);
  }

  /**
   * Writes the entries that differ from the stored record, all under one new clock. Of a
   * map field, only the subkeys whose value changed, or that are gone, get the clock.
   */
  private async change(id: string, entries: [string, unknown][]): Promise<T> {
    const db = this.db();
    const table = this.table(db);
    return db.transaction('rw', table, db.meta, async () => {
      const current = await table.get(id);
      if (!current) throw new RecordNotFoundError(this.kind, id);
      const { values, clocked } = changeOf(this.kind, current as unknown as Record<string, unknown>, entries);
      if (clocked.length === 0) return current;

      const stamp = await nextStamp(db);
      const next = {
        ...current,
        ...values,
        fieldHlc: { ...current.fieldHlc, ...Object.fromEntries(clocked.map((key) => [key, stamp])) },
        hlc: stamp,
        deviceId: db.clock.deviceId,
        updatedAt: new Date().toISOString(),
        dirty: 1,
      } as T;
      await table.put(next);
      return next;
    });
  }
}

