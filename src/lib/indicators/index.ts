// Indicators computed from survey responses: pure code, no storage. lib/db runs it to
// keep aggregates as responses are written (indicator-aggregates.ts) and in its
// indicator worker over stored responses.

export type { ResponseLike, EntityLike, Contribution } from './compile';
export { compileDefinition, contributionOf, entityContributionOf } from './compile';
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
export { countedList, WORKERS_AFFILIATED, workersAffiliatedIndicator } from './entity-definitions';
