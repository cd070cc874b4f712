// Writing a finalized (or corrected) response's entity actions, in the caller's
// transaction: new entities stamped like any new record, updates clocked only where a
// value changes, and one visit per response and entity so that each entity knows which
// responses created and changed it.

import { entityRecordId, type Entity, type EntityAction, type EntityVisit } from '../domain/types';
import { changeOf, stampNew } from '../domain/record-stamp';
import { fieldsOf, isPendingEntity, LABEL, seenClocks, visitIds } from '../domain/entity-visits';
import { database, type PisoDatabase } from './database';
import { nextStamp } from './clock';

/** The entity an action names exists already where a create needs a new one ("entity_id not unique"). */
export class EntityIdTakenError extends Error {
  constructor(
    readonly list: string,
    readonly entityId: string,
  ) {
    super(`Entity ${entityId} already exists in list ${list}`);
    this.name = 'EntityIdTakenError';
  }
}

/** The context of the response whose actions are applied (its visit on each entity). */
export interface VisitContext {
  responseId: string;
  formId: string;
  formVersion: string;
  by: string;
  now: Date;
  /** The visits' id: the response id (finalizing); a correction gives one of its own. */
  visitId?: string;
}

/** One action as it is written: what it sets (already narrowed, for a correction). */
export interface PlannedAction {
  list: string;
  entityId: string;
  action: EntityAction['action'];
  set: Record<string, string>;
}

/**
 * Writes the actions: call inside a 'rw' transaction over entities and meta (one is
 * opened, nested in the caller's, so a caller lacking those tables fails loudly).
 * Returns each entity written, as stored last, in the order first written.
 */
export async function writeEntityActions(planned: readonly PlannedAction[], context: VisitContext): Promise<Entity[]> {
  if (planned.length === 0) return [];
  const db = database();
  return db.transaction('rw', db.entities, db.meta, async () => {
    const idOf = visitIds(context.visitId ?? context.responseId);
    const written = new Map<string, Entity>();
    for (const action of planned) {
      const id = entityRecordId(action.list, action.entityId);
      // Read inside the transaction: an entity an earlier action wrote is seen as it is now.
      const current = await db.recordTable<Entity>('entity').get(id);
      // Taken: a live entity that was created. One known only from updates (pending) is
      // completed by a create; a deleted one is brought back.
      const taken = current !== undefined && !current.deleted && !isPendingEntity(current);
      const creates = action.action === 'create' || (action.action === 'upsert' && !taken);
      if (action.action === 'create' && taken) throw new EntityIdTakenError(action.list, action.entityId);
      const stamp = await nextStamp(db);
      const visit: EntityVisit = {
        id: idOf(id),
        responseId: context.responseId,
        formId: context.formId,
        formVersion: context.formVersion,
        action: creates ? 'create' : 'update',
        at: context.now.toISOString(),
        by: context.by,
        hlc: stamp,
        set: action.set,
        seen: current ? seenClocks(current.fieldHlc, action.set) : {},
      };
      const next = current ? changed(db, current, action, visit, creates) : added(db, id, action, visit, creates);
      await db.recordTable<Entity>('entity').put(next);
      written.set(id, next);
    }
    return [...written.values()];
  });
}

const propertiesOf = (set: Record<string, string>) => Object.fromEntries(Object.entries(set).filter(([field]) => field !== LABEL));

/**
 * An entity this device did not have. Created: every field under the visit's clock. Known
 * only from an update: what the update set, and an empty label and `deleted` without a
 * clock, so that the entity's own (when it arrives) win over them in the merge.
 */
function added(db: PisoDatabase, id: string, action: PlannedAction, visit: EntityVisit, creates: boolean): Entity {
  const label = action.set[LABEL];
  const entries: [string, unknown][] = [
    ['list', action.list],
    ['entityId', action.entityId],
    ['properties', propertiesOf(action.set)],
    ['visits', [visit]],
  ];
  if (creates || label !== undefined) entries.push(['label', label ?? '']);
  const { fields, fieldHlc } = stampNew('entity', entries, visit.hlc);
  if (!creates) delete fieldHlc.deleted;
  const at = visit.at;
  return {
    label: '',
    ...fields,
    id,
    kind: 'entity',
    hlc: visit.hlc,
    fieldHlc,
    deviceId: db.clock.deviceId,
    createdAt: at,
    updatedAt: at,
    deleted: false,
    dirty: 1,
  } as unknown as Entity;
}

/**
 * A stored entity changed by the action: its properties (and label) where the value
 * changes, its visit added. A create over a deleted entity (a tombstone) brings it back
 * with exactly the new properties.
 */
function changed(db: PisoDatabase, current: Entity, action: PlannedAction, visit: EntityVisit, creates: boolean): Entity {
  const given = propertiesOf(action.set);
  const revives = creates && current.deleted;
  const entries: [string, unknown][] = [
    ['properties', revives ? given : { ...current.properties, ...given }],
    ['visits', [...current.visits, visit]],
  ];
  if (action.set[LABEL] !== undefined) entries.push(['label', action.set[LABEL]]);
  if (revives) entries.push(['deleted', false]);
  const { values, clocked } = changeOf('entity', current as unknown as Record<string, unknown>, entries);
  return {
    ...current,
    ...values,
    fieldHlc: { ...current.fieldHlc, ...Object.fromEntries(clocked.map((key) => [key, visit.hlc])) },
    hlc: visit.hlc,
    deviceId: db.clock.deviceId,
    updatedAt: visit.at,
    dirty: 1,
  } as Entity;
}

/**
 * Actions as the form engine gives them, ready to write. The engine gives every create an
 * id (the response's, or its repeat instance's); a create that arrives without one (a
 * caller that does not know its response) gets a new UUID, as ODK's default.
 */
export function plannedActions(actions: readonly EntityAction[]): PlannedAction[] {
  return actions
    // An update must name its entity; one with no id has nothing to change.
    .filter((action) => action.entityId !== '' || action.action !== 'update')
    .map((action) => ({
      list: action.list,
      entityId: action.entityId || crypto.randomUUID(),
      action: action.action,
      set: fieldsOf(action),
    }));
}
