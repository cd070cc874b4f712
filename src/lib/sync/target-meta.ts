// What the device remembers about one server database, in the meta table: the pull
// checkpoint, the epoch that tells the same database from a new one, and the records
// it refused. Keyed by server address and database, so switching servers starts clean.

import type { PisoDatabase } from '../db/database';
import { readMeta, writeMeta } from '../db/meta';
import type { MetaWrite } from '../db/pull-store';
import type { Refusal } from '../domain/schemas';
import type { Kind } from '../domain/types';

export interface RefusedRecord {
  id: string;
  kind: Kind;
  /** The record's clock when refused: it is tried again only once edited. */
  hlc: string;
  /** The server's reason (the `forbidden` message of validate_doc_update); '' when refused here. */
  reason: string;
  /** Refused by this device's own check before it was sent (domain/schemas): why, and the field. */
  problem?: Pick<Refusal, 'reason' | 'field' | 'params'>;
}

export const targetKey = (url: string, database: string) => `${url.replace(/\/+$/, '')}/${database}`;

const metaKey = (what: 'checkpoint' | 'epoch' | 'refused', target: string) => `sync.${what}|${target}`;

/** Where the pull checkpoint is kept: server-epoch.ts forgets it with the server revisions. */
export const checkpointKey = (target: string) => metaKey('checkpoint', target);

const read = (db: PisoDatabase, key: string) => readMeta(key, db);

/** The last `_changes` seq stored with the records it brought: opaque, a string or a number. */
export async function loadCheckpoint(db: PisoDatabase, target: string): Promise<string | number> {
  const value = await read(db, metaKey('checkpoint', target));
  return typeof value === 'string' || typeof value === 'number' ? value : 0;
}

/** The checkpoint after a pulled page, as the meta entry stored with the page's records (db/pull-store.ts). */
export function checkpointWrite(target: string, seq: string | number): MetaWrite {
  return { key: checkpointKey(target), value: seq };
}

export async function loadEpoch(db: PisoDatabase, target: string): Promise<string | undefined> {
  const value = await read(db, metaKey('epoch', target));
  return typeof value === 'string' ? value : undefined;
}

export async function saveEpoch(db: PisoDatabase, target: string, epoch: string): Promise<void> {
  await writeMeta(metaKey('epoch', target), epoch, db);
}

export async function loadRefused(db: PisoDatabase, target: string): Promise<RefusedRecord[]> {
  const value = await read(db, metaKey('refused', target));
  return Array.isArray(value) ? (value as RefusedRecord[]) : [];
}

export async function saveRefused(db: PisoDatabase, target: string, refused: RefusedRecord[]): Promise<void> {
  await writeMeta(metaKey('refused', target), refused, db);
}
