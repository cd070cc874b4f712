// Where two visits set the same field of an entity without one knowing of the other
// (two devices following up the same worker offline): the merge settles it by clock,
// and this says so, for the entity's screen to show what was overwritten.

import type { EntityData, EntityVisit } from './types';
import { compareHlc } from './hlc';
import { LABEL, visitFieldClock } from './entity-visits';

export interface EntityConflict {
  /** The property, or `label`. */
  property: string;
  /** The value that holds, and the visit that set it. */
  value: string;
  visit: EntityVisit;
  /** Values set by visits the winning one had not seen, oldest first. */
  others: { value: string; visit: EntityVisit }[];
}

/**
 * Per field: the visit whose clock the field holds (the winner), and the visits that set
 * the field, to another value, at a clock after the one the winner had seen of it and
 * before its own. The label first, then properties by name.
 */
export function entityConflicts(entity: Pick<EntityData, 'visits'> & { fieldHlc: Readonly<Record<string, string>> }): EntityConflict[] {
  const fields = new Set<string>();
  for (const visit of entity.visits) for (const field of Object.keys(visit.set)) fields.add(field);
  const ordered = [...fields].sort((a, b) => (a === LABEL ? -1 : b === LABEL ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const out: EntityConflict[] = [];
  for (const field of ordered) {
    const clock = entity.fieldHlc[visitFieldClock(field)];
    const winner = entity.visits.find((visit) => visit.hlc === clock && Object.hasOwn(visit.set, field));
    if (!winner) continue;
    const seen = winner.seen[field];
    const others = entity.visits
      .filter(
        (visit) =>
          visit !== winner &&
          Object.hasOwn(visit.set, field) &&
          // The same value reached twice is no disagreement.
          visit.set[field] !== winner.set[field] &&
          compareHlc(visit.hlc, winner.hlc) < 0 &&
          (seen === undefined || compareHlc(visit.hlc, seen) > 0),
      )
      .sort((a, b) => compareHlc(a.hlc, b.hlc))
      .map((visit) => ({ value: visit.set[field], visit }));
    if (others.length > 0) out.push({ property: field, value: winner.set[field], visit: winner, others });
  }
  return out;
}
