// Import, after readBundle: first what it would do, then the write, in one transaction,
// through the same per-field merge as sync (db/apply-merged.ts). The merge is what makes
// a bundle imported twice change nothing, bundles imported in any order give the same
// data, and an edit made here after the bundle was made win over the bundle's.
// Refused records (by readBundle, or by db/import-write.ts: responses whose answers the
// form on this device cannot hold) are kept aside in the quarantine in the same
// transaction; each is refused whole, the others are imported.

import type { Refusal } from '../domain/schemas';
import type { Kind } from '../domain/types';
import type { PisoDatabase } from '../db/database';
import { writeImport, type KindEffect } from '../db/import-write';
import type { Bundle } from './read';
import { KINDS } from './format';
import type { OnProgress } from './progress';

export type { KindEffect } from '../db/import-write';

export type ImportEffect = Record<Kind, KindEffect> & {
  /** Records refused, each whole, with why; the others are imported. */
  refused: Refusal[];
};

export interface ImportOptions {
  db?: PisoDatabase;
  /** Records merged of records in the bundle. */
  onProgress?: OnProgress;
}

async function run(bundle: Bundle, dryRun: boolean, options: ImportOptions): Promise<ImportEffect> {
  const { effects, refused } = await writeImport(bundle, { dryRun, onProgress: options.onProgress }, options.db);
  const kinds = Object.fromEntries(KINDS.map((kind) => [kind, effects.get(kind) ?? { new: 0, updated: 0, unchanged: 0, deleted: 0 }]));
  return { ...kinds, refused: refused.map((entry) => entry.refusal) } as ImportEffect;
}

/** What importing the bundle would do, per kind; writes nothing. */
export function previewImport(bundle: Bundle, options: ImportOptions = {}): Promise<ImportEffect> {
  return run(bundle, true, options);
}

/**
 * Merges the bundle's accepted records and keeps its refused ones aside, in one
 * transaction: all of that is written, or none. Returns what it did.
 */
export function commitImport(bundle: Bundle, options: ImportOptions = {}): Promise<ImportEffect> {
  return run(bundle, false, options);
}
