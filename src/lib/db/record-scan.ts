// Reading records in chunks for bundles: by primary key (a whole table, keyed paging:
// `offset` would re-walk every skipped record at each page) or by this device's change
// number ("changes since", change-seq.ts).

import type { AnyRecord, Kind } from '../domain/types';
import { currentSeq } from './change-seq';
import { database, type PisoDatabase } from './database';
import { RECORD_TABLES } from './schema';

/** Up to `limit` records of a kind with an id after `after` (from the first when undefined), in id order. */
export function recordsAfter(kind: Kind, after: string | undefined, limit: number, db: PisoDatabase = database()): Promise<AnyRecord[]> {
  const table = db.recordTable(kind);
  return (after === undefined ? table.orderBy(':id') : table.where(':id').above(after)).limit(limit).toArray();
}

/** Up to `limit` records of a kind whose change number is in (after, upTo], in change order. */
export function recordsChangedBetween(
  kind: Kind,
  after: number,
  upTo: number,
  limit: number,
  db: PisoDatabase = database(),
): Promise<AnyRecord[]> {
  return db.recordTable(kind).where('seq').between(after, upTo, false, true).limit(limit).toArray();
}

export function recordById(kind: Kind, id: string, db: PisoDatabase = database()): Promise<AnyRecord | undefined> {
  return db.recordTable(kind).get(id);
}

/** Records on the device, of every kind; with `changed`, only those whose change number is in (after, upTo]. */
export async function countRecords(db: PisoDatabase = database(), changed?: { after: number; upTo: number }): Promise<number> {
  let total = 0;
  for (const name of RECORD_TABLES) {
    const table = db.table(name);
    total += await (changed ? table.where('seq').between(changed.after, changed.upTo, false, true).count() : table.count());
  }
  return total;
}

/** The last change number and the time it was read: what an export holds is cut there. */
export async function changeSnapshot(db: PisoDatabase = database()): Promise<{ seq: number; at: Date }> {
  return db.transaction('r', db.meta, async () => ({ seq: await currentSeq(db), at: new Date() }));
}

/** This device's id, which a bundle names as its writer. */
export const deviceIdOf = (db: PisoDatabase = database()): string => db.clock.deviceId;
