// The device clock lives in memory (db.clock) and its last value in meta, written in
// the same transaction as the change it stamps. Reading meta first also keeps the
// clock monotonic across tabs: IndexedDB runs overlapping write transactions one at
// a time, and each starts past the last clock any tab handed out.
// Call nextStamp and observeStamp only inside a 'rw' transaction that includes db.meta.

import { database, type PisoDatabase } from './database';

/** A new clock for a local change. */
export async function nextStamp(db: PisoDatabase): Promise<string> {
  const stored = (await db.meta.get('hlc'))?.value;
  const stamp = typeof stored === 'string' ? db.clock.receive(stored) : db.clock.tick();
  await db.meta.put({ key: 'hlc', value: stamp });
  return stamp;
}

/**
 * A new clock for what is kept outside IndexedDB (an interview's localStorage copy of
 * answers not yet written): ticked in memory only, and every later stamp follows it.
 */
export function stampInMemory(db: PisoDatabase = database()): string {
  return db.clock.tick();
}

/**
 * Moves the clock past a clock received in a bundle or from the server, unless that
 * clock is more than `maxAheadMs` ahead of this device's time (see Hlc.receive).
 */
export async function observeStamp(db: PisoDatabase, remote: string, maxAheadMs?: number): Promise<void> {
  await nextStamp(db);
  await db.meta.put({ key: 'hlc', value: db.clock.receive(remote, maxAheadMs) });
}

const MAX_AHEAD_KEY = 'clock.maxAheadHours';
export const DEFAULT_MAX_AHEAD_HOURS = 24;
const HOUR_MS = 60 * 60 * 1000;

/** How far ahead of this device's time a received clock may be and still be followed (Ajustes). */
export async function maxClockAheadHours(db: PisoDatabase = database()): Promise<number> {
  const value = (await db.meta.get(MAX_AHEAD_KEY))?.value;
  return typeof value === 'number' && value > 0 ? value : DEFAULT_MAX_AHEAD_HOURS;
}

export async function setMaxClockAheadHours(hours: number, db: PisoDatabase = database()): Promise<void> {
  if (!(Number.isFinite(hours) && hours > 0)) throw new RangeError('The clock limit must be a positive number of hours');
  await db.meta.put({ key: MAX_AHEAD_KEY, value: hours });
}

/** The limit, read once for a batch of received records: whether a record's clock is too far ahead. */
export async function farAheadCheck(db: PisoDatabase): Promise<{ maxAheadMs: number; isFarAhead: (hlc: string) => boolean }> {
  const maxAheadMs = (await maxClockAheadHours(db)) * HOUR_MS;
  return { maxAheadMs, isFarAhead: (hlc) => db.clock.isFarAhead(hlc, maxAheadMs) };
}
