// An indicator (types.ts IndicatorData): its periods with targets, actuals and the
// actuals they replaced, and the definition of a computed one. The expressions of a
// definition are parsed by the caller's `expression` check (check-record.ts): the
// aggregates compile every stored definition, so one that cannot parse must not land.

import * as v from 'valibot';
import { Expression, FiniteNumber, IsoDateOrEmpty, IsoTime, Localized, Name, Short, Text } from './common';
import { EnvelopeEntries } from './envelope';
import { ListName } from './entity';

const Provenance = v.looseObject({
  formId: Short,
  formVersion: Text,
  n: v.pipe(v.number(), v.integer(), v.minValue(0)),
  computedAt: IsoTime,
  unweighted: v.optional(v.boolean()),
});

const valueEntries = {
  value: FiniteNumber,
  dimensions: v.record(Short, Short),
  provenance: v.optional(Provenance),
};
const Value = v.looseObject(valueEntries);
const Superseded = v.looseObject({ ...valueEntries, supersededAt: IsoTime });

const Period = v.looseObject({
  start: IsoDateOrEmpty,
  end: IsoDateOrEmpty,
  targets: v.array(Value),
  actuals: v.array(Value),
  history: v.optional(v.array(Superseded)),
});

export const ComputedDefinition = v.looseObject({
  key: Short,
  formId: Short,
  /** Counted over an entity list's cases instead of the form's responses. */
  source: v.optional(v.looseObject({ entities: ListName })),
  filter: v.optional(Expression),
  denominator: Expression,
  value: v.variant('kind', [
    v.looseObject({ kind: v.literal('rate'), numerator: Expression }),
    v.looseObject({
      kind: v.literal('mean'),
      value: Expression,
      divisor: v.pipe(FiniteNumber, v.check((n) => n !== 0)),
    }),
  ]),
  groupBy: v.array(Short),
});

export const IndicatorSchema = v.looseObject({
  ...EnvelopeEntries,
  kind: v.literal('indicator'),
  outcomeId: Name,
  name: v.optional(Localized),
  measure: v.optional(v.picklist(['unit', 'percentage', 'nominal'])),
  unit: v.optional(Short),
  baseline: v.optional(v.nullable(v.looseObject({ value: FiniteNumber, year: v.pipe(v.number(), v.integer()) }))),
  periods: v.optional(v.array(Period)),
  disaggregations: v.optional(v.array(Short)),
  source: v.optional(Text),
  notes: v.optional(Text),
  sdgIndicator: v.optional(Short),
  computed: v.optional(ComputedDefinition),
});

/** The expressions of a definition, by their path in the record. */
export function definitionExpressions(def: v.InferOutput<typeof ComputedDefinition>): [string, string][] {
  const out: [string, string][] = [['computed/denominator', def.denominator]];
  if (def.filter !== undefined) out.push(['computed/filter', def.filter]);
  out.push(def.value.kind === 'rate' ? ['computed/value/numerator', def.value.numerator] : ['computed/value/value', def.value.value]);
  return out;
}
