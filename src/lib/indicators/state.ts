// An indicator's running totals as plain JSON, and the one way they change. Apart from
// the accumulator so that what stores and reads totals (lib/db's aggregates) does not
// load the definition compiler and the expression engine with it.

/** A response's part in one group, in the form version it was given to. */
export interface Contribution {
  /** The group's answers to `groupBy`, as a JSON array (see groupKey). */
  group: string;
  /** 1 or 0 for a rate; the value (before the divisor) for a mean. */
  num: number;
  den: number;
  version: string;
}

export interface GroupCount {
  num: number;
  den: number;
}

/** What an accumulator holds, as plain JSON: an aggregate stored between sessions. */
export interface AccumulatorState {
  groups: Record<string, GroupCount>;
  /** Counted responses per form version, for the provenance. */
  versions: Record<string, number>;
}

export function emptyState(): AccumulatorState {
  return { groups: {}, versions: {} };
}

/** A stable text key for a group's answers; JSON so that any answer text round-trips. */
export function groupKey(values: readonly string[]): string {
  return JSON.stringify(values);
}

/** Adds (sign 1) or takes away (sign -1) one response's contribution, in place. */
export function applyContribution(state: AccumulatorState, c: Contribution, sign: 1 | -1): void {
  const group = (state.groups[c.group] ??= { num: 0, den: 0 });
  group.num += sign * c.num;
  group.den += sign * c.den;
  if (group.den === 0) delete state.groups[c.group];
  const versions = (state.versions[c.version] ?? 0) + sign;
  if (versions === 0) delete state.versions[c.version];
  else state.versions[c.version] = versions;
}
