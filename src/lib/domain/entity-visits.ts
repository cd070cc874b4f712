// What one entity action writes, worked out apart from storage: the fields it sets
// (its visit's `set`), the clocks they had before (`seen`), and, for a correction, which
// of them the correction really changed. lib/db/entity-apply.ts stores the result.

import type { EntityAction, EntityData } from './types';
import { subkeyClock } from './merge-fields';

/** The key of the label in a visit's `set` and `seen` (save_to may not name a property "label"). */
export const LABEL = 'label';

/** The fieldHlc key of a field a visit sets: `label`, or `properties/<name>`. */
export const visitFieldClock = (field: string) => (field === LABEL ? LABEL : subkeyClock('properties', field));

/** What an action sets, as a visit records it: its properties, and its label when it gives one. */
export function fieldsOf(action: Pick<EntityAction, 'label' | 'properties'>): Record<string, string> {
  return action.label === undefined ? { ...action.properties } : { ...action.properties, [LABEL]: action.label };
}

/** The clocks the fields of `set` had on this device before the visit wrote them (none: never set here). */
export function seenClocks(fieldHlc: Readonly<Record<string, string>>, set: Readonly<Record<string, string>>): Record<string, string> {
  const seen: Record<string, string> = {};
  for (const field of Object.keys(set)) {
    const clock = fieldHlc[visitFieldClock(field)];
    if (clock !== undefined) seen[field] = clock;
  }
  return seen;
}

/**
 * The values a response's visits left on an entity, field by field (a later visit of the
 * response over an earlier one): what its correction compares with.
 */
export function valuesSetBy(entity: Pick<EntityData, 'visits'>, responseId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const visit of entity.visits) {
    if (visit.responseId !== responseId) continue;
    for (const [field, value] of Object.entries(visit.set)) out.set(field, value);
  }
  return out;
}

/**
 * The part of a correction's action that the correction changes: the fields whose value
 * differs from what the response set before. The others are left alone, so that a
 * correction of one answer does not put back values a later visit changed.
 */
export function correctedFields(entity: Pick<EntityData, 'visits'> | undefined, responseId: string, action: EntityAction): Record<string, string> {
  const fields = fieldsOf(action);
  if (!entity) return fields;
  const before = valuesSetBy(entity, responseId);
  return Object.fromEntries(Object.entries(fields).filter(([field, value]) => before.get(field) !== value));
}

/**
 * An entity known only from updates: one arrived before the entity did (from another
 * device, by sync or bundle), and waits for it. It has no creating visit.
 */
export const isPendingEntity = (entity: Pick<EntityData, 'visits'>) => !entity.visits.some((visit) => visit.action === 'create');

/** The visit ids of one call: the base for the first action on an entity, `<base>/<n>` for its n-th. */
export function visitIds(base: string): (recordId: string) => string {
  const counts = new Map<string, number>();
  return (recordId) => {
    const n = (counts.get(recordId) ?? 0) + 1;
    counts.set(recordId, n);
    return n === 1 ? base : `${base}/${n}`;
  };
}
