// A whole bundle read into memory, for small bundles and for tests that look at what a
// bundle holds; and the import of such a bundle in one call. Imports go through the
// streamed path (import.ts): previewImport and commitImport read the file again with it.

import type { Envelope } from '../domain/types';
import type { PisoDatabase } from '../db/database';
import type { RefusedArrival } from '../db/quarantine';
import { commitStaged, discardStaged, stageImport, type ImportEffect } from './import';
import type { OnProgress } from './progress';
import { readBundleStream, type ReadOptions } from './read';
import type { Manifest } from './format';

export interface Bundle {
  manifest: Manifest;
  /** The records that passed their check, in file order. */
  records: Envelope[];
  /** The records refused, with why. */
  refused: RefusedArrival[];
  encrypted: boolean;
  compressed: boolean;
  /** The file it was read from, and its passphrase: what the import reads again. */
  file: Blob;
  passphrase?: string;
}

export interface ImportOptions {
  db?: PisoDatabase;
  onProgress?: OnProgress;
}

/** Reads and checks a whole bundle; throws a BundleError if it is refused. Files are read and left out. */
export async function readBundle(file: Blob, options: ReadOptions = {}): Promise<Bundle> {
  const bundle = { records: [], refused: [], file, passphrase: options.passphrase } as unknown as Bundle;
  for await (const event of readBundleStream(file, options)) {
    if (event.type === 'manifest') Object.assign(bundle, { manifest: event.manifest, encrypted: event.encrypted, compressed: event.compressed });
    else if (event.type === 'batch') {
      bundle.records.push(...event.batch.records);
      bundle.refused.push(...event.batch.refused);
    }
  }
  return bundle;
}

/** What importing the bundle would do, per kind; writes no record. */
export async function previewImport(bundle: Bundle, options: ImportOptions = {}): Promise<ImportEffect> {
  const plan = await stageImport(bundle.file, { db: options.db, passphrase: bundle.passphrase });
  await discardStaged(options.db);
  return plan.effect;
}

/** Stages and commits the bundle; returns what it did. */
export async function commitImport(bundle: Bundle, options: ImportOptions = {}): Promise<ImportEffect> {
  const plan = await stageImport(bundle.file, { db: options.db, passphrase: bundle.passphrase });
  return commitStaged(plan, { db: options.db, onProgress: options.onProgress });
}
