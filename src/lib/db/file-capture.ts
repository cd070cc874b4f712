// The write side of capture: a file taken on this device waits in memory (the fill
// screen keeps it) until the answer that names it is saved, and is put in the same
// transaction as that answer (responses.ts), so no stored answer names a missing file
// and a failed write (a full device) stores neither.

import type { Answers, FileAnswer } from '../domain/types';
import { database } from './database';
import { filesOf } from './response-index';

/** A captured file not written yet: its answer and its bytes. */
export interface PendingFile {
  answer: FileAnswer;
  blob: Blob;
}

/**
 * Inside a transaction that includes `files`: puts each pending file the answers name
 * and that is not stored yet (a file is written once: the same photo twice is one file).
 * Files no longer named (replaced before they were saved) are not written.
 */
export async function putNamedFiles(pending: ReadonlyMap<string, PendingFile>, answers: Answers, now: Date): Promise<void> {
  if (pending.size === 0) return;
  const named = filesOf(answers).filter((hash) => pending.has(hash));
  if (named.length === 0) return;
  const table = database().files;
  const present = await table.bulkGet(named);
  const storedAt = now.toISOString();
  const rows = named
    .filter((_, i) => present[i] === undefined)
    .map((hash) => {
      const { answer, blob } = pending.get(hash)!;
      return { hash, blob, type: answer.type, size: answer.size, storedAt };
    });
  if (rows.length > 0) await table.bulkPut(rows);
}
