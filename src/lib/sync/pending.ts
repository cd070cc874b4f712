// How many records wait to go up: counted through the dirty index, no record read.

import type { PisoDatabase } from '../db/database';
import { RECORD_TABLES } from '../db/schema';

export async function countPending(db: PisoDatabase): Promise<number> {
  const counts = await Promise.all(RECORD_TABLES.map((name) => db.table(name).where('dirty').equals(1).count()));
  return counts.reduce((sum, count) => sum + count, 0);
}
