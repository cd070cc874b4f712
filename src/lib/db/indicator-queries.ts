// What the indicator and dashboard screens read: indicators by outcome or project,
// computed figures from their stored aggregates (never from every response), and
// responses counted per month through an index.

import Dexie from 'dexie';
import type { ComputedIndicatorDefinition, Form, Indicator } from '../domain/types';
import type { GroupLevels, IndicatorResult } from '../indicators/result';
import { database } from './database';
import { formVersions } from './forms';
import { readAggregate } from './indicator-aggregates';
import { live, type Live } from './live.svelte';
import { outcomes } from './repositories';
import { Repository } from './repository';
import { latestForms } from './responses';

export const indicators = new Repository<Indicator>('indicator');

export function liveIndicatorsOfOutcome(outcomeId: () => string): Live<Indicator[]> {
  return live((id) => indicators.listWhere('outcomeId', id), [], outcomeId);
}

/** Every indicator of a project's (live) outcomes. */
export async function indicatorsOfProject(projectId: string): Promise<Indicator[]> {
  const ids = (await outcomes.listWhere('projectId', projectId)).map((o) => o.id);
  if (ids.length === 0) return [];
  return database()
    .recordTable<Indicator>('indicator')
    .where('outcomeId')
    .anyOf(ids)
    .filter((i) => !i.deleted)
    .toArray();
}

export function liveIndicatorsOfProject(projectId: () => string): Live<Indicator[]> {
  return live(indicatorsOfProject, [], projectId);
}

export function liveIndicator(id: () => string): Live<Indicator | undefined> {
  return live((key) => indicators.get(key), undefined, id);
}

/** The newest version of a form on this device: its choices name the groups. */
export async function latestFormVersion(formId: string): Promise<Form | undefined> {
  return (await formVersions(formId))[0];
}

/** The latest version of each form that belongs to a project: whose figures its dashboard shows. */
export async function formsOfProject(projectId: string): Promise<Form[]> {
  return (await latestForms()).filter((form) => form.projectId === projectId);
}

export function liveFormsOfProject(projectId: () => string): Live<Form[]> {
  return live(formsOfProject, [], projectId);
}

export interface AggregateQuery {
  defs: ComputedIndicatorDefinition[];
  levels: Record<string, GroupLevels>;
  /** Bumped to read again, e.g. after a worker built aggregates over its own connection. */
  generation?: number;
}

/**
 * Each definition's figure from its aggregate, null while missing or being built.
 * It reads one meta entry, which every response write updates: the figures follow
 * new interviews without reading them.
 */
export function liveAggregates(query: () => AggregateQuery): Live<(IndicatorResult | null)[]> {
  return live(({ defs, levels }) => Promise.all(defs.map((def) => readAggregate(database(), def, levels[def.key]))), [], query);
}

export interface MonthCount {
  /** 'YYYY-MM' */
  month: string;
  count: number;
}

const FINALIZED_INDEX = '[formId+ixLive+status+startedAt]';
/** A phone's screen holds about three years of bars. */
const MAX_MONTHS = 36;

function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.slice(0, 7).split('-').map(Number);
  const end = last.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= end) break;
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
  return months.slice(-MAX_MONTHS);
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** Finalized live responses of a form per month started: one index count per month. */
export async function responsesPerMonth(formId: string): Promise<MonthCount[]> {
  const range = () =>
    database().responses.where(FINALIZED_INDEX).between([formId, 1, 'finalized', Dexie.minKey], [formId, 1, 'finalized', Dexie.maxKey]);
  const [firstKey] = (await range().limit(1).keys()) as unknown as unknown[][];
  const [lastKey] = (await range().reverse().limit(1).keys()) as unknown as unknown[][];
  if (!firstKey || !lastKey) return [];
  const counts = monthsBetween(String(firstKey[3]), String(lastKey[3])).map(async (month) => ({
    month,
    count: await database()
      .responses.where(FINALIZED_INDEX)
      .between([formId, 1, 'finalized', month], [formId, 1, 'finalized', nextMonth(month)], true, false)
      .count(),
  }));
  return Promise.all(counts);
}

export function liveResponsesPerMonth(formId: () => string): Live<MonthCount[]> {
  return live(responsesPerMonth, [], formId);
}
