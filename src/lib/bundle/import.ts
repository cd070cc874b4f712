// Import, streamed, in two steps. stageImport reads the file once, batch by batch
// (read.ts): each batch is checked, merged with the stored records and staged
// (db/import-write.ts), and what that will do is summed into the preview; the files
// that follow the records are checked by hash and stored as they pass (a file is
// content-addressed: it changes no record, and nothing names it until its records are
// committed). commitStaged then writes the staged batches, two to a transaction,
// without merging again. The merge is what makes a bundle imported twice change nothing
// and bundles imported in any order give the same data: so an import cut short during
// the commit is finished by importing the same file again, and its mark in meta says
// so on the screen. Refused records (by the reader, or by this device's forms) are kept
// aside in the quarantine with their batch; refused files are listed, and the records
// naming them are imported without them.
// Memory is that of one batch, plus one id per record (to refuse duplicates) and one
// entry per file named (to judge the files against their questions).

import type { Refusal } from '../domain/schemas';
import { fileAnswers, questionTakes } from '../domain/file-questions';
import type { FormData, Kind, Question, SurveyResponse } from '../domain/types';
import { ArrivalForms } from '../db/arrival';
import type { PisoDatabase } from '../db/database';
import { database } from '../db/database';
import { missingFiles, putArrivedFile } from '../db/files';
import {
  clearImportStage,
  commitImportBatches,
  stageImportBatch,
  storedFileQuestions,
  unfinishedImports,
  type KindEffect,
  type UnfinishedImport,
} from '../db/import-write';
import { KINDS, type Manifest } from './format';
import type { OnProgress } from './progress';
import { readBundleStream, type RecordBatch } from './read';
import type { ArrivingFile, FileHeader, FileRefusalReason } from './read-files';

export type { KindEffect, UnfinishedImport } from '../db/import-write';

export type ImportEffect = Record<Kind, KindEffect> & {
  /** Records refused, each whole, with why; the others are imported. */
  refused: Refusal[];
};

/** A file of the bundle that was not stored, and why; the records naming it were imported without it. */
export interface RefusedFile {
  reason: FileRefusalReason;
  hash?: string;
  /** The file's name in the answer that names it, when a record of the bundle does. */
  name?: string;
  type?: string;
  size?: number;
}

export interface FilesEffect {
  /** Files stored on this device. */
  stored: number;
  /** Files of the bundle already here. */
  present: number;
  refused: RefusedFile[];
  /** Files that the bundle's records name and that are not on this device after it ("file not on this device"). */
  missing: number;
}

/** What the import will do, from the one pass that staged it; commitStaged does exactly this. */
export interface ImportPlan {
  manifest: Manifest;
  version: number;
  encrypted: boolean;
  compressed: boolean;
  effect: ImportEffect;
  files: FilesEffect;
  /** Staged batches, committed two to a transaction. */
  batches: number;
  /** This device's change number as the first batch was staged (see commitImportBatches). */
  seq: number | null;
  /** An import of this same bundle that was cut short: this one finishes it. */
  finishes?: UnfinishedImport;
}

export interface StageOptions {
  db?: PisoDatabase;
  passphrase?: string;
  /** Records and files read, of those in the manifest. */
  onProgress?: OnProgress;
  /** Records per batch (tests use small ones). */
  batchRecords?: number;
}

export interface CommitOptions {
  db?: PisoDatabase;
  /** The file's name, shown if the import is cut short. */
  fileName?: string;
  /** Batches written, of those staged, after each transaction. */
  onProgress?: OnProgress;
  /** Staged batches written per transaction (tests use one). */
  transactionBatches?: number;
  /** Stops between two transactions: what was written stays, and the import's mark says it is unfinished. */
  signal?: AbortSignal;
}

/**
 * Staged batches per commit transaction (2,000 records at most): each transaction costs
 * its own round trips and end, and the worker reads the next batch while one is written
 * only within a transaction. Few enough that an import of a few thousand records cut
 * short still leaves a transaction written and its mark (the screen says it is unfinished).
 * Memory stays two batches: IndexedDB, not the worker, holds what a transaction wrote
 * until it ends.
 */
const TRANSACTION_BATCHES = 2;

const emptyEffect = (): ImportEffect =>
  ({ ...Object.fromEntries(KINDS.map((kind) => [kind, { new: 0, updated: 0, unchanged: 0, deleted: 0 }])), refused: [] }) as unknown as ImportEffect;

function addEffect(into: KindEffect, more: KindEffect): void {
  into.new += more.new;
  into.updated += more.updated;
  into.unchanged += more.unchanged;
  into.deleted += more.deleted;
  if (more.aheadOfClock) into.aheadOfClock = (into.aheadOfClock ?? 0) + more.aheadOfClock;
}

/** The files the bundle's records name: per hash, the name an answer gives it and the questions naming it. */
class NamedFiles {
  private readonly named = new Map<string, { name: string; questions: Set<Question | undefined> }>();

  add(responses: readonly SurveyResponse[], bundleForms: ArrivalForms, deviceForms: ArrivalForms): void {
    const questions = (r: SurveyResponse) =>
      ((bundleForms.context().form?.(r.formId, r.formVersion) ?? deviceForms.context().form?.(r.formId, r.formVersion)) as Pick<FormData, 'questions'> | undefined)
        ?.questions;
    for (const response of responses) {
      for (const { file, question } of fileAnswers(response.answers, questions(response))) {
        const entry = this.named.get(file.hash) ?? { name: file.name, questions: new Set() };
        entry.questions.add(question);
        this.named.set(file.hash, entry);
      }
    }
  }

  get(hash: string) {
    return this.named.get(hash);
  }

  hashes(): string[] {
    return [...this.named.keys()];
  }

  /** Refuses, from its header, a file that a question naming it does not take. */
  judge = (header: FileHeader): FileRefusalReason | undefined => {
    const entry = this.named.get(header.hash);
    if (entry === undefined) return undefined;
    return [...entry.questions].every((q) => questionTakes(q, { type: header.type, name: entry.name })) ? undefined : 'typeNotAccepted';
  };
}

/** Stores one file of the bundle (checked by hash), or says why not. */
async function arrive(file: ArrivingFile, named: NamedFiles, files: FilesEffect, db: PisoDatabase): Promise<void> {
  const { header } = file;
  const entry = header && named.get(header.hash);
  const refuse = (reason: FileRefusalReason) =>
    files.refused.push({ reason, hash: header?.hash, name: entry?.name, type: header?.type, size: header?.size });
  if ('refused' in file) return void refuse(file.refused);
  if (entry === undefined) {
    // Not named by the bundle's records: perhaps by records that came earlier.
    const naming = await storedFileQuestions(file.header.hash, db);
    if (naming.length === 0) return void refuse('notNamed');
    if (!naming.every(({ question, name }) => questionTakes(question, { type: file.header.type, name }))) return void refuse('typeNotAccepted');
  }
  const result = await putArrivedFile(file.header.hash, file.blob, new Date().toISOString());
  if (result === 'mismatch') refuse('mismatch');
  else files[result]++;
}

/**
 * Reads, checks and stages a bundle: its records merged with the stored ones but not
 * written, its files stored. Throws a BundleError (and drops what it staged) if the
 * bundle is refused. Files are stored in the app's database (database()).
 */
export async function stageImport(file: Blob, options: StageOptions = {}): Promise<ImportPlan> {
  const db = options.db ?? database();
  const { passphrase, onProgress, batchRecords } = options;
  await clearImportStage(db);
  const named = new NamedFiles();
  const events = readBundleStream(file, { passphrase, onProgress, batchRecords, judgeFile: named.judge });
  const deviceForms = new ArrivalForms();
  const effect = emptyEffect();
  const files: FilesEffect = { stored: 0, present: 0, refused: [], missing: 0 };
  let plan: Omit<ImportPlan, 'effect' | 'files' | 'batches' | 'seq'> | undefined;
  let batches = 0;
  let seq: number | null = null;
  const stage = async (batch: RecordBatch, forms: ArrivalForms, index: number) => {
    const staged = await stageImportBatch({ ...batch, forms }, index, deviceForms, db);
    if (index === 0) seq = staged.seq ?? null;
    for (const [kind, kindEffect] of staged.effects) addEffect(effect[kind], kindEffect);
    effect.refused.push(...staged.refused.map((entry) => entry.refusal));
    const refusedIds = new Set(staged.refused.map((entry) => entry.refusal.recordId));
    const responses = batch.records.filter((r): r is SurveyResponse => r.kind === 'response' && !refusedIds.has(r.id));
    named.add(responses, forms, deviceForms);
  };
  // One batch is staged while the reader reads the next: the reading (gunzip, parse,
  // checks) is this thread's work, the staging mostly the database's. So two batches
  // are held at most. Not in a bundle with files: the reader judges each file by the
  // names the staged batches gave (named), so the last batch must be staged first.
  let staging: Promise<void> = Promise.resolve();
  try {
    for await (const event of events) {
      await staging;
      if (event.type === 'manifest') {
        const { manifest, version, encrypted, compressed } = event;
        const finishes = (await unfinishedImports(db)).find((mark) => mark.recordsHash === manifest.recordsHash.value);
        plan = { manifest, version, encrypted, compressed, ...(finishes ? { finishes } : {}) };
      } else if (event.type === 'batch') {
        staging = stage(event.batch, event.forms, batches++);
        if (plan?.manifest.files !== undefined) await staging;
        // Awaited at the next event or at the end; until then a failure must not count as unhandled.
        else staging.catch(() => undefined);
      } else {
        await arrive(event.file, named, files, db);
      }
    }
    await staging;
  } catch (e) {
    await staging.catch(() => undefined);
    await clearImportStage(db).catch(() => undefined);
    throw e;
  }
  files.missing = (await missingFiles(named.hashes())).length;
  return { ...plan!, effect, files, batches, seq };
}

/** Drops what stageImport staged (the user cancelled the preview). */
export function discardStaged(db: PisoDatabase = database()): Promise<void> {
  return clearImportStage(db);
}

/**
 * Writes what stageImport staged, batch by batch, two to a transaction. Returns
 * what it did: the preview's figures, which nothing computes again.
 */
export async function commitStaged(plan: ImportPlan, options: CommitOptions = {}): Promise<ImportEffect> {
  const db = options.db ?? database();
  const mark: UnfinishedImport = {
    recordsHash: plan.manifest.recordsHash.value,
    fileName: options.fileName ?? plan.finishes?.fileName ?? '',
    startedAt: new Date().toISOString(),
    batches: plan.batches,
    done: 0,
  };
  let since = plan.seq;
  const per = options.transactionBatches ?? TRANSACTION_BATCHES;
  for (let first = 0; first < plan.batches; first += per) {
    options.signal?.throwIfAborted();
    const count = Math.min(per, plan.batches - first);
    since = await commitImportBatches(first, count, mark, since, db);
    options.onProgress?.(first + count, plan.batches);
  }
  return plan.effect;
}
