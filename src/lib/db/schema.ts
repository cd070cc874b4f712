// The schema history, declared as data (after Wire's StorageSchemata): each version
// lists its stores and, when data must change shape, a small upgrade step. Add a
// version at the end, never edit a published one, and give each upgrade a test in
// tests/unit/migrations.test.ts that writes the older shape first.

import type { Transaction } from 'dexie';
import type { Kind } from '../domain/types';
import { withIndexFields } from './response-index';
import { upgradeRecord } from '../domain/record-upgrade';
import { markBookkeeping, numberExistingRecords } from './change-seq';
import { countEveryResponse } from './response-counts';

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

/** The table holding each kind of record. */
export const TABLE_OF_KIND = {
  project: 'projects',
  outcome: 'outcomes',
  indicator: 'indicators',
  form: 'forms',
  response: 'responses',
  entity: 'entities',
} as const satisfies Record<Kind, string>;

export type RecordTableName = (typeof TABLE_OF_KIND)[Kind];
export const RECORD_TABLES: RecordTableName[] = Object.values(TABLE_OF_KIND);

/**
 * Version 2 adds what sync needs: a `dirty` index on every record table (records
 * changed since the last sync), and project budgets as {amount, currency} where
 * version 1 had a bare number and a separate `budgetCurrency` field.
 */
async function upgradeToVersion2(tx: Transaction): Promise<void> {
  // The record tables of version 2, not of today: a later version's tables do not exist yet.
  for (const table of ['projects', 'outcomes', 'indicators', 'forms', 'responses']) {
    // Nothing was ever synced before version 2: every record still has to go up.
    await tx.table(table).toCollection().modify((record: Record<string, unknown>) => {
      record.dirty = 1;
    });
  }
  await tx
    .table('projects')
    .toCollection()
    .modify((project: Record<string, unknown> & { fieldHlc: Record<string, string> }) => {
      const currency = typeof project.budgetCurrency === 'string' ? project.budgetCurrency : 'USD';
      if (typeof project.budget === 'number') project.budget = { amount: project.budget, currency };
      // A change of shape, not an edit: the budget keeps the later of its two clocks.
      const clocks = [project.fieldHlc.budget, project.fieldHlc.budgetCurrency].filter(Boolean).sort();
      if (clocks.length > 0) project.fieldHlc.budget = clocks[clocks.length - 1];
      delete project.fieldHlc.budgetCurrency;
      delete project.budgetCurrency;
    });
}

/**
 * Version 3 indexes responses for the responses list: each filter (status, enumerator,
 * department) has a compound index ending in startedAt, so that one index range gives
 * a filtered page in date order, and counting one filter reads no record. Each leads
 * with ixLive after formId, so that tombstones fall outside every range (see
 * response-index.ts).
 * Forms get [formId+version], to find a form's versions and refuse a duplicate import.
 */
async function upgradeToVersion3(tx: Transaction): Promise<void> {
  await tx.table('responses').toCollection().modify((response: Record<string, unknown>) => {
    Object.assign(response, withIndexFields(response));
  });
}

/**
 * Version 4 stores records of shape 2 (lib/domain/record-upgrade.ts): responses and
 * indicators get a clock per answer, correction and indicator value, and ids on repeat
 * instances and corrections. A change of shape, not an edit: nothing becomes dirty.
 * Every record also gets a change number (change-seq.ts).
 */
async function upgradeToVersion4(tx: Transaction): Promise<void> {
  for (const table of [TABLE_OF_KIND.response, TABLE_OF_KIND.indicator]) {
    await tx.table(table).toCollection().modify((record: Record<string, unknown>, ref: { value: unknown }) => {
      ref.value = upgradeRecord(record);
    });
  }
  await numberExistingRecords(tx);
}

/**
 * Version 5 stores captured files (photos, audio, video, signatures) as Blobs in
 * `files`, keyed by SHA-256 (lib/db/files.ts), and indexes on each response the files
 * its answers name (`*ixFiles`), so that "is this file still named?" reads no record.
 * Older responses name no file (media answers were only a file name): nothing to change
 * but the index fields. A derived index is not a change: records keep their change
 * numbers, or the next "changes since" bundle would carry every response again.
 */
async function upgradeToVersion5(tx: Transaction): Promise<void> {
  markBookkeeping();
  await tx.table('responses').toCollection().modify((response: Record<string, unknown>) => {
    Object.assign(response, withIndexFields(response));
  });
}

/**
 * Version 6 keeps each form's response counts in meta (response-counts.ts), counted here
 * once, and indexes every combination of the list's equality filters, so that a page of
 * two or three filters is one index range too (no record read and left out).
 */
async function upgradeToVersion6(tx: Transaction): Promise<void> {
  await countEveryResponse(tx);
}

export const SCHEMA_HISTORY: SchemaVersion[] = [
  {
    version: 1,
    stores: {
      projects: 'id, code, updatedAt',
      outcomes: 'id, projectId, updatedAt',
      indicators: 'id, outcomeId, updatedAt',
      forms: 'id, updatedAt',
      responses: 'id, [formId+status], projectId, updatedAt',
      meta: 'key',
    },
  },
  {
    version: 2,
    stores: {
      projects: 'id, code, updatedAt, dirty',
      outcomes: 'id, projectId, updatedAt, dirty',
      indicators: 'id, outcomeId, updatedAt, dirty',
      forms: 'id, updatedAt, dirty',
      responses: 'id, [formId+status], projectId, updatedAt, dirty',
      meta: 'key',
    },
    upgrade: upgradeToVersion2,
  },
  {
    version: 3,
    stores: {
      forms: 'id, updatedAt, dirty, [formId+version]',
      responses:
        'id, [formId+status], projectId, updatedAt, dirty, [formId+ixLive+startedAt], [formId+ixLive+status+startedAt], ' +
        '[formId+ixLive+enumerator+startedAt], [formId+ixLive+ixDepartment+startedAt]',
    },
    upgrade: upgradeToVersion3,
  },
  {
    // Version 4: `seq` on every record table (this device's local change number, which
    // "changes since" bundles are cut by), and `quarantine`, where records refused by a
    // bundle import or a sync pull are kept aside with the reason.
    version: 4,
    stores: {
      projects: 'id, code, updatedAt, dirty, seq',
      outcomes: 'id, projectId, updatedAt, dirty, seq',
      indicators: 'id, outcomeId, updatedAt, dirty, seq',
      forms: 'id, updatedAt, dirty, [formId+version], seq',
      responses:
        'id, [formId+status], projectId, updatedAt, dirty, [formId+ixLive+startedAt], [formId+ixLive+status+startedAt], ' +
        '[formId+ixLive+enumerator+startedAt], [formId+ixLive+ixDepartment+startedAt], seq',
      quarantine: 'id, source, at',
    },
    upgrade: upgradeToVersion4,
  },
  {
    version: 5,
    stores: {
      responses:
        'id, [formId+status], projectId, updatedAt, dirty, [formId+ixLive+startedAt], [formId+ixLive+status+startedAt], ' +
        '[formId+ixLive+enumerator+startedAt], [formId+ixLive+ixDepartment+startedAt], seq, *ixFiles',
      files: 'hash, storedAt',
    },
    upgrade: upgradeToVersion5,
  },
  {
    version: 6,
    stores: {
      responses:
        'id, [formId+status], projectId, updatedAt, dirty, [formId+ixLive+startedAt], [formId+ixLive+status+startedAt], ' +
        '[formId+ixLive+enumerator+startedAt], [formId+ixLive+ixDepartment+startedAt], seq, *ixFiles, ' +
        '[formId+ixLive+status+enumerator+startedAt], [formId+ixLive+status+ixDepartment+startedAt], ' +
        '[formId+ixLive+enumerator+ixDepartment+startedAt], [formId+ixLive+status+enumerator+ixDepartment+startedAt]',
    },
    upgrade: upgradeToVersion6,
  },
  {
    // Version 7 (6 is the responses list's): `serverFiles`, what this device knows of the
    // files on each sync server (lib/db/file-sync.ts), so that an upload cut off resumes
    // with the files not yet confirmed and a file is never sent twice. A new store only.
    version: 7,
    stores: { serverFiles: '[place+hash]' },
  },
  {
    // Version 8: `entities` (case management), records like the others, indexed by list:
    // by label for the list screen's order, and by change number for "changes since"
    // bundles and the entity list snapshots (lib/db/entities.ts). A new store only.
    version: 8,
    stores: { entities: 'id, [list+label], updatedAt, dirty, seq' },
  },
];

export const LATEST_VERSION = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1].version;
