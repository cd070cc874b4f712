// The page's side of the indicator worker: one worker, requests answered by promise.

import type { ComputedIndicatorDefinition } from '../domain/types';
import type { GroupLevels, IndicatorResult } from '../indicators/result';
import type { WorkerReply, WorkerRequest } from './indicator-worker-protocol';

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void; onProgress?: (read: number) => void };

export interface IndicatorWorker {
  /**
   * Builds the aggregates not built yet (or stale); resolves when all are ready to read,
   * with the keys of the definitions that do not compile.
   */
  build(defs: ComputedIndicatorDefinition[], onProgress?: (read: number) => void): Promise<{ invalid: string[] }>;
  recompute(defs: ComputedIndicatorDefinition[], levels?: Record<string, GroupLevels>): Promise<IndicatorResult[]>;
  terminate(): void;
}

/** `dbName` only for tests and benchmarks; the app uses the default database. */
export function startIndicatorWorker(dbName?: string): IndicatorWorker {
  const worker = new Worker(new URL('./indicator-worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, Pending>();
  let next = 0;
  worker.onmessage = (event: MessageEvent<WorkerReply>) => {
    const reply = event.data;
    const p = pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') return p.onProgress?.(reply.read);
    pending.delete(reply.id);
    if (reply.type === 'error') p.reject(new Error(reply.message));
    else p.resolve(reply);
  };
  const send = (request: WorkerRequest, onProgress?: (read: number) => void) =>
    new Promise<WorkerReply>((resolve, reject) => {
      pending.set(request.id, { resolve, reject, onProgress });
      worker.postMessage(request);
    });
  return {
    async build(defs, onProgress) {
      const reply = await send({ type: 'build', id: next++, dbName, defs }, onProgress);
      return { invalid: reply.type === 'built' ? reply.invalid : [] };
    },
    async recompute(defs, levels) {
      const reply = await send({ type: 'recompute', id: next++, dbName, defs, levels });
      return reply.type === 'results' ? reply.results : [];
    },
    terminate: () => worker.terminate(),
  };
}
