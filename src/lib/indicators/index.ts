// Indicators computed from survey responses: pure code, run on the page for small
// data and in worker.ts over stored responses. Aggregates kept as responses are
// written live in lib/db/indicator-aggregates.ts.

export type { ResponseLike, Contribution } from './compile';
export { compileDefinition, contributionOf } from './compile';
export type { Accumulator, AccumulatorState } from './accumulator';
export { createAccumulator, computeIndicator } from './accumulator';
export type { GroupLevels, GroupResult, IndicatorResult } from './result';
export { SAMPLE_NOTE_KEY, collapse, groupLevels } from './result';
export type { PeriodRef } from './record-actual';
export { recordActual } from './record-actual';
export {
  COVERAGE_DEFINITIONS,
  EFFECTIVE_COVERAGE,
  HEALTH_ONLY,
  PENSION_ONLY,
  INFORMALITY,
  CONTRIBUTION_DENSITY,
  coverageIndicators,
} from './coverage-definitions';
export type { IndicatorWorker } from './worker-client';
export { startIndicatorWorker } from './worker-client';
