// Case management's storage: entities (workers, households) created and updated when a
// response that declares them is finalized, in the response's own transaction; the
// lists the form engine reads them from; the list screens' queries.
//
// CONTRACT (session 4): signatures fixed by the lead; the entity-core engineer fills them in.

import type { Entity, EntityAction } from '../domain/types';
import type { Live } from './live.svelte';

/** One entity as a form reads it (select_one_from_file list.csv, instance('list')): ODK's list CSV row. */
export type EntityItem = Record<string, string> & { name: string; label: string };

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
}

/**
 * Applies a finalized response's entity actions; must be called inside the caller's
 * rw transaction over `entities` and `meta` (finalizeResponse, correctResponse). A
 * create whose entity exists throws EntityIdTakenError (the transaction is undone); an
 * update of an entity the device lacks stores what is known, to be merged when the
 * entity arrives.
 */
export async function applyEntityActions(actions: readonly EntityAction[], context: VisitContext): Promise<Entity[]> {
  void actions;
  void context;
  throw new Error('not implemented yet');
}

/** Every entity of a list as a form reads it, in label order; fast for 100,000 (a kept snapshot). */
export async function entityItems(list: string): Promise<readonly EntityItem[]> {
  void list;
  throw new Error('not implemented yet');
}

export interface EntityListSummary {
  list: string;
  count: number;
}

/** The lists on this device with their number of live entities. */
export async function entityLists(): Promise<EntityListSummary[]> {
  throw new Error('not implemented yet');
}

export interface EntityQuery {
  /** Words to find in the label or any property (case and accents ignored). */
  text?: string;
  /** Property values to match exactly, e.g. {department: 'SS'}. */
  where?: Record<string, string>;
  offset?: number;
  limit?: number;
}

/** One page of a list's entities matching a query, and how many match. */
export async function findEntities(list: string, query: EntityQuery = {}): Promise<{ total: number; page: Entity[] }> {
  void list;
  void query;
  throw new Error('not implemented yet');
}

export async function getEntity(id: string): Promise<Entity | undefined> {
  void id;
  throw new Error('not implemented yet');
}

export function liveEntity(id: string): Live<Entity | undefined> {
  void id;
  throw new Error('not implemented yet');
}
