// Messages between the page and the indicator worker (indicator-worker.ts).

import type { ComputedIndicatorDefinition } from '../domain/types';
import type { GroupLevels, IndicatorResult } from '../indicators/result';

export type WorkerRequest =
  /** Registers the definitions' aggregates and fills those not built yet. */
  | { type: 'build'; id: number; dbName?: string; defs: ComputedIndicatorDefinition[] }
  /** Computes the definitions from every stored response. */
  | { type: 'recompute'; id: number; dbName?: string; defs: ComputedIndicatorDefinition[]; levels?: Record<string, GroupLevels> };

export type WorkerReply =
  | { type: 'progress'; id: number; read: number }
  /** `invalid`: keys of the definitions that do not compile, which have no figures. */
  | { type: 'built'; id: number; invalid: string[] }
  | { type: 'results'; id: number; results: IndicatorResult[] }
  | { type: 'error'; id: number; message: string };
