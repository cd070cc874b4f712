// Running totals of a computed indicator. The same accumulator serves a full pass over
// the responses (in chunks, in a worker) and an aggregate kept up to date as responses
// are written: add() the new version of a response, remove() the old one. Rates are
// sums of 0/1 and means are sums of raw values (months, not months/12), so removing
// undoes adding exactly, with no floating-point drift.

import type { ComputedIndicatorDefinition } from '../domain/types';
import { compileDefinition, contributionOf, type CompiledDefinition, type ResponseLike } from './compile';
import { buildResult, type GroupLevels, type IndicatorResult } from './result';
import { applyContribution, emptyState, type AccumulatorState } from './state';

export { applyContribution, emptyState } from './state';
export type { AccumulatorState, GroupCount } from './state';

export interface Accumulator {
  readonly def: ComputedIndicatorDefinition;
  add(response: ResponseLike): void;
  remove(response: ResponseLike): void;
  /** Every group seen, and every combination of `levels` (empty groups included). */
  result(levels?: GroupLevels): IndicatorResult;
  /** A copy of the running totals. */
  state(): AccumulatorState;
}

export function createAccumulator(
  def: ComputedIndicatorDefinition | CompiledDefinition,
  initial: AccumulatorState = emptyState(),
): Accumulator {
  const compiled = 'def' in def ? def : compileDefinition(def);
  const state = structuredClone(initial);

  const apply = (response: ResponseLike, sign: 1 | -1) => {
    const c = contributionOf(compiled, response);
    if (c) applyContribution(state, c, sign);
  };

  return {
    def: compiled.def,
    add: (response) => apply(response, 1),
    remove: (response) => apply(response, -1),
    result: (levels) => buildResult(compiled.def, state, levels),
    state: () => structuredClone(state),
  };
}

/** The indicator over a batch of responses (a test, a small form); workers feed chunks to an accumulator. */
export function computeIndicator(
  def: ComputedIndicatorDefinition,
  responses: Iterable<ResponseLike>,
  levels?: GroupLevels,
): IndicatorResult {
  const acc = createAccumulator(def);
  for (const response of responses) acc.add(response);
  return acc.result(levels);
}
