// A fetch for the devices' sync code that loses some requests at random, three ways:
// before the request leaves (the server never sees it), while it is under way (the server
// may or may not have handled it), and after the server answered (it did the work; the
// device never hears of it). The last is the one that tests duplicates: a push whose
// answer is lost is sent again, and must not double anything.
import type { FetchLike } from '../../src/lib/sync/couch-client';

export interface CutCounts {
  requests: number;
  before: number;
  during: number;
  after: number;
}

export interface CuttingFetch {
  fetch: FetchLike;
  counts: CutCounts;
  /** Whether requests are cut at all (the final syncs run without cuts). */
  cutting: boolean;
}

/** Cuts each request with probability `rate`, a third each way, drawn from `random`. */
export function cuttingFetch(random: () => number, rate: number): CuttingFetch {
  const counts: CutCounts = { requests: 0, before: 0, during: 0, after: 0 };
  const self: CuttingFetch = {
    counts,
    cutting: true,
    fetch: async (input, init) => {
      counts.requests++;
      const draw = self.cutting ? random() : 1;
      const way = draw < rate / 3 ? 'before' : draw < (2 * rate) / 3 ? 'during' : draw < rate ? 'after' : undefined;
      if (way === 'before') {
        counts.before++;
        throw new TypeError('load test: connection cut before the request');
      }
      if (way === 'during') {
        counts.during++;
        const abort = new AbortController();
        // A few milliseconds in: the body may be sent or not, the server may have written or not.
        setTimeout(() => abort.abort(), Math.floor(random() * 20));
        const response = await fetch(input, { ...init, signal: abort.signal });
        // Answered before the cut: the answer is lost all the same.
        await response.body?.cancel();
        throw new TypeError('load test: connection cut while the request was under way');
      }
      const response = await fetch(input, init);
      if (way === 'after') {
        counts.after++;
        await response.body?.cancel();
        throw new TypeError('load test: connection cut before the answer');
      }
      return response;
    },
  };
  return self;
}
