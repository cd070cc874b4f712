// A correction of a finalized response, carried to the entities its answers feed: only
// the fields the correction changes are written, as a visit of its own, so that the
// values later visits gave the entity stay.

import { entityRecordId, type Entity, type EntityAction } from '../domain/types';
import { correctedFields } from '../domain/entity-visits';
import { database } from './database';
import { writeEntityActions, type PlannedAction, type VisitContext } from './entity-apply';

/**
 * Applies the entity actions of a corrected response (the form engine's, from the
 * corrected answers): call inside correctResponse's transaction. An entity the response
 * created is updated, never created again (a registration's create finds the entity it
 * made by the id the engine derives from the response); one that does not exist is
 * written as the action says. A create of an entity another response registered (the
 * correction changed an entity_id to one already taken) throws EntityIdTakenError, as
 * finalizing does: the correction is not saved, and that case is left as it was. A create
 * with no entityId is skipped: which entity it made is not known.
 */
export async function correctEntities(actions: readonly EntityAction[], context: VisitContext): Promise<Entity[]> {
  if (actions.length === 0) return [];
  const db = database();
  return db.transaction('rw', db.entities, db.meta, async () => {
    const planned: PlannedAction[] = [];
    for (const action of actions) {
      if (action.entityId === '') continue;
      const current = await db.recordTable<Entity>('entity').get(entityRecordId(action.list, action.entityId));
      const set = correctedFields(current, context.responseId, action);
      if (Object.keys(set).length === 0) continue;
      const createdHere = current?.visits.some((visit) => visit.responseId === context.responseId && visit.action === 'create');
      const taken = action.action === 'create' && current !== undefined && !createdHere;
      // A taken id keeps its create, which writeEntityActions refuses (a pending or deleted entity it completes).
      planned.push({ list: action.list, entityId: action.entityId, action: current && !taken ? 'update' : action.action, set });
    }
    return writeEntityActions(planned, context);
  });
}
