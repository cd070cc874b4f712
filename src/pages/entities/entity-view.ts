// How an entity is shown: pure, shared by the list and the entity screens.

import { isPendingEntity } from '../../lib/domain/entity-visits';
import type { Entity, EntityVisit } from '../../lib/domain/types';

/** Known only from an update (a follow-up synced before the registration): no label, no create visit. */
export function awaitsRegistration(entity: Pick<Entity, 'label' | 'visits'>): boolean {
  return entity.label === '' || isPendingEntity(entity);
}

/** The first properties with a value, for a row of the list. */
export function someProperties(entity: Pick<Entity, 'properties'>, count = 3): [string, string][] {
  return Object.entries(entity.properties)
    .filter(([, value]) => value !== '')
    .slice(0, count);
}

/** The visits oldest first (by time, then by clock: two devices' visits of the same minute keep one order). */
export function visitsInOrder(visits: readonly EntityVisit[]): EntityVisit[] {
  return [...visits].sort((a, b) => a.at.localeCompare(b.at) || a.hlc.localeCompare(b.hlc) || a.id.localeCompare(b.id));
}
