import { describe, expect, it } from 'vitest';
import { liveQueriesSettled, liveQueryWaiting } from '../../src/lib/db/live-settled';

/** Whether the promise has resolved, once every pending callback has run. */
async function isSettled(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('live queries settled', () => {
  it('is settled at once when no query waits', async () => {
    expect(await isSettled(liveQueriesSettled())).toBe(true);
  });

  it('waits for every query that waits for its first result, each counted once', async () => {
    const first = liveQueryWaiting();
    const second = liveQueryWaiting();
    const settled = liveQueriesSettled();
    first();
    first(); // a second result of the same query does not count again
    expect(await isSettled(settled)).toBe(false);
    second();
    expect(await isSettled(settled)).toBe(true);
    expect(await isSettled(liveQueriesSettled())).toBe(true);
  });
});
