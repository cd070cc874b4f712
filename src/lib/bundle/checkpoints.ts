// "Only what changed since the last bundle sent to D": per destination, the greatest
// record clock of the last 'changes' bundle made for it, kept in the meta table.

import { maxHlc } from '../domain/hlc';
import type { PisoDatabase } from '../db/database';
import type { Manifest } from './format';

const key = (destination: string) => `bundle.sent.${destination}`;

export async function lastSent(db: PisoDatabase, destination: string): Promise<string | null> {
  const value = (await db.meta.get(key(destination)))?.value;
  return typeof value === 'string' ? value : null;
}

/**
 * Records that a 'changes' bundle reached its destination. The screen calls it once the
 * file is saved or shared, not when it is made: a bundle that was never sent must not
 * hide its records from the next one.
 */
export async function recordSent(db: PisoDatabase, manifest: Manifest): Promise<void> {
  const { scope, maxHlc: sent } = manifest;
  if (scope.type !== 'changes' || sent === null) return;
  await db.transaction('rw', db.meta, async () => {
    const latest = maxHlc((await lastSent(db, scope.destination)) ?? undefined, sent)!;
    await db.meta.put({ key: key(scope.destination), value: latest });
  });
}
