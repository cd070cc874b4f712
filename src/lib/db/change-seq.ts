// This device's change numbers. Every write of a record (an edit, a bundle import, a
// sync pull, the seed, a migration) stamps it with the next number of one counter kept
// in meta, in the same transaction as the write: `seq` says in which order records
// changed HERE, whatever their clocks say. "Changes since" bundles are cut by it, so a
// record that reaches this device late with an old clock (relayed from a third device)
// still goes out with the next bundle. Local only: LOCAL_FIELDS keeps it out of merges,
// bundles and sync.
//
// A DBCore middleware, like response-index.ts, so that no write path can forget it.

import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTransaction, type Middleware, type Transaction } from 'dexie';
import { RECORD_TABLES } from './schema';

export const SEQ_KEY = 'seq';
const META = 'meta';

/** Transactions that only rewrite this device's bookkeeping (dirty, serverRev): no new numbers. */
const bookkeeping = new WeakSet<object>();

/**
 * Marks the current transaction as bookkeeping: call first thing inside it. Records it
 * writes keep their numbers, since what travels of them did not change.
 */
export function markBookkeeping(): void {
  const trans = Dexie.currentTransaction as (Transaction & { idbtrans?: object }) | null;
  if (!trans?.idbtrans) throw new Error('markBookkeeping() must be called inside a transaction');
  bookkeeping.add(trans.idbtrans);
}

/** Whether a transaction was marked bookkeeping (markBookkeeping): its writes change nothing that travels. */
export const isBookkeeping = (trans: object): boolean => bookkeeping.has(trans);

/**
 * The counter as this transaction last left it. Kept per transaction in memory, so that
 * two writes issued at once (Promise.all) never read the same value; across
 * transactions IndexedDB runs writers of meta one at a time.
 */
const counters = new WeakMap<DBCoreTransaction, Promise<{ value: number }>>();

function storeNames(trans: DBCoreTransaction): DOMStringList | undefined {
  return (trans as unknown as { objectStoreNames?: DOMStringList }).objectStoreNames;
}

export const changeSeqMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'changeSeq',
  create: (down: DBCore) => ({
    ...down,
    table(name: string) {
      const table = down.table(name);
      // RECORD_TABLES read here, not at load: schema.ts imports this module for its upgrade.
      if (!(RECORD_TABLES as string[]).includes(name)) return table;
      const meta = down.table(META);
      return {
        ...table,
        async mutate(req: DBCoreMutateRequest) {
          if ((req.type !== 'add' && req.type !== 'put') || bookkeeping.has(req.trans)) return table.mutate(req);
          const names = storeNames(req.trans);
          if (names && !names.contains(META)) throw new Error(`Writes to ${name} must include the meta table (change numbers)`);
          let counter = counters.get(req.trans);
          if (!counter) {
            counter = meta.get({ trans: req.trans, key: SEQ_KEY }).then((entry) => ({ value: numberOf(entry?.value) }));
            counters.set(req.trans, counter);
          }
          const c = await counter;
          // Set on the caller's objects, as Dexie sets generated keys: what a write returns is what is stored.
          for (const value of req.values as { seq?: number }[]) value.seq = ++c.value;
          await meta.mutate({ trans: req.trans, type: 'put', values: [{ key: SEQ_KEY, value: c.value }] });
          return table.mutate(req);
        },
      };
    },
  }),
};

const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

interface MetaReader {
  table(name: string): { get(key: string): Promise<{ value: unknown } | undefined> };
}

/** The last change number handed out (0 before any write). Inside a transaction, as of that transaction. */
export async function currentSeq(db: MetaReader): Promise<number> {
  return numberOf((await db.table(META).get(SEQ_KEY))?.value);
}

/**
 * Version 4's step: records written before change numbers existed get one each,
 * through the middleware (the upgrade transaction runs through it too).
 */
export async function numberExistingRecords(tx: Transaction): Promise<void> {
  // The record tables this upgrade step has: a later version's (entities, version 8) is not there yet.
  // (tx.storeNames lists the final schema's tables; the IndexedDB transaction has the stores of this step.)
  for (const name of RECORD_TABLES.filter((table) => tx.idbtrans.objectStoreNames.contains(table))) {
    // Rewriting the record is enough: the middleware numbers every put.
    await tx.table(name).toCollection().modify((record: Record<string, unknown>) => {
      record.seq = 0;
    });
  }
}
