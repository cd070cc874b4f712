// The device clock lives in memory (db.clock) and its last value in meta, written in
// the same transaction as the change it stamps. Reading meta first also keeps the
// clock monotonic across tabs: IndexedDB runs overlapping write transactions one at
// a time, and each starts past the last clock any tab handed out.
// Call these only inside a 'rw' transaction that includes db.meta.

import type { PisoDatabase } from './database';

/** A new clock for a local change. */
export async function nextStamp(db: PisoDatabase): Promise<string> {
  const stored = (await db.meta.get('hlc'))?.value;
  const stamp = typeof stored === 'string' ? db.clock.receive(stored) : db.clock.tick();
  await db.meta.put({ key: 'hlc', value: stamp });
  return stamp;
}

/** Moves the clock past a clock received in a bundle or from the server. */
export async function observeStamp(db: PisoDatabase, remote: string): Promise<void> {
  await nextStamp(db);
  await db.meta.put({ key: 'hlc', value: db.clock.receive(remote) });
}
