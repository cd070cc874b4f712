// Case management's storage: entities (workers, households) created and updated when a
// response that declares them is finalized, in the response's own transaction; the
// lists the form engine reads them from; the list screens' queries.

import { entityRecordId, type Entity, type EntityAction } from '../domain/types';
import { normalizeForSearch } from '../domain/search';
import type { SnapshotItem } from '../domain/entity-snapshot';
import { database } from './database';
import { live, type Live } from './live.svelte';
import { plannedActions, writeEntityActions, type VisitContext } from './entity-apply';
import { itemsOf, listSnapshot, storedLists, type Kept } from './entity-items';

export { EntityIdTakenError } from './entity-apply';
export type { VisitContext } from './entity-apply';

/** One entity as a form reads it (select_one_from_file list.csv, instance('list')): ODK's list CSV row. */
export type EntityItem = SnapshotItem;

/**
 * Applies a finalized response's entity actions; must be called inside the caller's
 * rw transaction over `entities` and `meta` (finalizeResponse, correctResponse). A
 * create whose entity exists throws EntityIdTakenError (the transaction is undone); an
 * update of an entity the device lacks stores what is known, to be merged when the
 * entity arrives. A create with no entityId (the engine gives each one an id derived
 * from the response) gets a new UUID; an update with none is ignored (it names no
 * entity). Returns the entities written.
 */
export function applyEntityActions(actions: readonly EntityAction[], context: VisitContext): Promise<Entity[]> {
  return writeEntityActions(plannedActions(actions), context);
}

/**
 * Every entity of a list as a form reads it, in label order (code unit order, as the
 * index keeps it); fast for 100,000 (a kept snapshot). Entities known only from an
 * update (isPendingEntity) are left out until the entity itself arrives.
 */
export function entityItems(list: string): Promise<readonly EntityItem[]> {
  return itemsOf(list);
}

export interface EntityListSummary {
  list: string;
  count: number;
}

/** The lists on this device with their number of live entities (pending ones included), lists with none left out. */
export async function entityLists(): Promise<EntityListSummary[]> {
  const db = database();
  const out: EntityListSummary[] = [];
  for (const list of await storedLists(db)) {
    const count = (await listSnapshot(list, db)).snapshot.names.length;
    if (count > 0) out.push({ list, count });
  }
  return out;
}

export interface EntityQuery {
  /** Words to find in the label or any property (case and accents ignored). */
  text?: string;
  /** Property values to match exactly, e.g. {department: 'SS'}. */
  where?: Record<string, string>;
  offset?: number;
  limit?: number;
}

const DEFAULT_PAGE = 50;

/** Label and property values of each entity, normalized once per snapshot. */
function haystacksOf(kept: Kept): string[] {
  if (kept.haystacks) return kept.haystacks;
  const { labels, columns } = kept.snapshot;
  return (kept.haystacks = labels.map((label, i) => normalizeForSearch([label, ...columns.map((column) => column[i])].join('\u0000'))));
}

/**
 * One page of a list's entities matching a query, in label order, and how many match.
 * Pending entities (known only from updates) are included: the screen marks them.
 */
export async function findEntities(list: string, query: EntityQuery = {}): Promise<{ total: number; page: Entity[] }> {
  const db = database();
  const kept = await listSnapshot(list, db);
  const { names, properties, columns } = kept.snapshot;
  const terms = normalizeForSearch(query.text ?? '').split(/\s+/).filter(Boolean);
  const haystacks = terms.length > 0 ? haystacksOf(kept) : [];
  const where = Object.entries(query.where ?? {}).map(([name, value]) => ({ column: columns[properties.indexOf(name)], value }));
  const matches: number[] = [];
  for (let i = 0; i < names.length; i++) {
    if (!where.every(({ column, value }) => (column ? column[i] : '') === value)) continue;
    if (!terms.every((term) => haystacks[i].includes(term))) continue;
    matches.push(i);
  }
  const offset = query.offset ?? 0;
  const ids = matches.slice(offset, offset + (query.limit ?? DEFAULT_PAGE)).map((i) => entityRecordId(list, names[i]));
  const page = (await db.recordTable<Entity>('entity').bulkGet(ids)).filter((e): e is Entity => e !== undefined && !e.deleted);
  return { total: matches.length, page };
}

export async function getEntity(id: string): Promise<Entity | undefined> {
  const entity = await database().recordTable<Entity>('entity').get(id);
  return entity && !entity.deleted ? entity : undefined;
}

/** An entity as it changes (a visit here, a sync, another tab); undefined when absent or deleted. */
export function liveEntity(id: string): Live<Entity | undefined> {
  return live(() => getEntity(id), undefined);
}
