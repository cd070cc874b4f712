import { describe, expect, it } from 'vitest';
import { retryPause, SYNC_INTERVAL_MS } from '../../src/lib/sync/retry';

describe('sync retry policy', () => {
  it('retries an unreachable server after growing pauses, never longer than 5 minutes', () => {
    const pauses = [1, 2, 3, 4, 5, 6, 7, 8, 12].map((n) => retryPause('sync.unreachable', n));
    expect(pauses).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    expect(SYNC_INTERVAL_MS).toBe(300_000);
    expect(retryPause('sync.serverError', 1)).toBe(5_000);
  });

  it('does not retry what only a person can fix', () => {
    for (const code of ['sync.unauthorized', 'sync.forbidden', 'sync.noDatabase'] as const) {
      expect(retryPause(code, 1)).toBeNull();
    }
  });
});
