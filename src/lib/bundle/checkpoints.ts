// What a delivered bundle moves: for a 'changes' bundle, its destination's checkpoint
// (this device's change number, lib/db/change-seq.ts, up to which the destination has
// everything); for a bundle of everything, the time of the last backup. Both move once
// the file is saved or shared, never when it is made: a bundle that was never sent must
// not hide its records from the next one, nor quiet the backup reminder.

import { markBackedUp } from '../db/backup';
import type { PisoDatabase } from '../db/database';
import { raiseMetaNumber, readMeta } from '../db/meta';
import type { Manifest } from './format';

const key = (destination: string) => `bundle.sent.${destination}`;

/**
 * The change number the next 'changes' bundle for `destination` starts after; 0 when none
 * was sent. A checkpoint of an older version of the app (a record clock, not a change
 * number) counts as none: the next bundle holds everything, which the merge absorbs.
 */
export async function lastSent(destination: string, db?: PisoDatabase): Promise<number> {
  const value = await readMeta(key(destination), db);
  return typeof value === 'number' ? value : 0;
}

/** Where an export's selection was cut: the last change number it covers, and when it was read. */
export interface ExportSnapshot {
  seq: number;
  at: Date;
}

/** The file has left the device (downloaded or shared). */
export async function markDelivered(bundle: { manifest: Manifest; snapshot: ExportSnapshot }, db?: PisoDatabase): Promise<void> {
  const { scope } = bundle.manifest;
  if (scope.type === 'changes') await raiseMetaNumber(key(scope.destination), bundle.snapshot.seq, db);
  if (scope.type === 'all') await markBackedUp(bundle.snapshot.at, db);
}
