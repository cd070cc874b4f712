// Keeps, in the write's own transaction, what every write of entities changes in the
// lists' snapshots (entity-items.ts), whatever writes them (a visit, a sync pull, a
// bundle import): one entry of the rows log (domain/entity-rows.ts) per write, a few
// strings per entity, under the write's last change number. The first read after
// 100,000 cases arrive then patches the list's snapshot from those entries instead of
// reading back every record with its visits and clocks; and a write of one case stores
// one small entry, never the whole list.
//
// A write that removes records outright (delete, clear) has no change number to say
// what went: the log is dropped, and reads go back to the records (entity-items.ts).
//
// A DBCore middleware, like change-seq.ts, so that no write path can forget it.

import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import type { Entity } from '../domain/types';
import { encodeRows } from '../domain/entity-rows';
import { isBookkeeping } from './change-seq';

const ENTITIES = 'entities';
const META = 'meta';

/** meta keys of the rows log: the prefix, then the write's last change number, padded so that keys sort as numbers. */
export const ROWS_PREFIX = 'entityRows/';
export const rowsKey = (seq: number) => `${ROWS_PREFIX}${String(seq).padStart(16, '0')}`;
/** Past every key of the log. */
export const ROWS_END = `${ROWS_PREFIX}~`;

function keeping(table: DBCoreTable, meta: DBCoreTable): DBCoreTable {
  return {
    ...table,
    async mutate(req: DBCoreMutateRequest) {
      const res = await table.mutate(req);
      // Dirty flags and server revisions only: nothing a snapshot holds changed.
      if (isBookkeeping(req.trans)) return res;
      if (req.type === 'delete' || req.type === 'deleteRange') {
        const range = { type: 2 as const, lower: ROWS_PREFIX, upper: ROWS_END, lowerOpen: false, upperOpen: false };
        await meta.mutate({ trans: req.trans, type: 'deleteRange', range });
        return res;
      }
      // change-seq.ts (above this middleware) numbered the values; those refused were not written.
      const written = (req.values as Entity[]).filter((_, i) => !res.failures[i]);
      if (written.length === 0) return res;
      const last = written.reduce((max, record) => Math.max(max, record.seq ?? 0), 0);
      await meta.mutate({ trans: req.trans, type: 'put', values: [{ key: rowsKey(last), value: encodeRows(written) }] });
      return res;
    },
  };
}

/**
 * Logs what every write of the entities table changes in the lists' snapshots. Install it
 * on every PisoDatabase, before changeSeqMiddleware (the values are numbered when they
 * reach it).
 */
export const entitySnapshotMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'entitySnapshots',
  create: (down: DBCore) => ({
    ...down,
    table(name: string) {
      const table = down.table(name);
      return name === ENTITIES ? keeping(table, down.table(META)) : table;
    },
  }),
};
