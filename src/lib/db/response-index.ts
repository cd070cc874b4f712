// Fields derived from a response so that the responses list can filter and page through
// IndexedDB indexes alone (100,000 responses on a phone cannot be read into memory).
// They are computed on every write of the responses table, whoever writes (the fill
// screen, a bundle import, sync), by the middleware below, which PisoDatabase installs.
// They belong to this device's storage only: bundles and sync must leave them out, and
// the merge must not treat them as data (see RESPONSE_INDEX_FIELDS).

import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { isFileAnswer, type AnswerValue } from '../domain/types';

/** 1 for a live response, 0 for a tombstone: IndexedDB cannot index booleans. */
export type LiveFlag = 0 | 1;

export interface ResponseIndexFields {
  ixLive: LiveFlag;
  /** Choice name (or text) of the department answer; '' when there is none. */
  ixDepartment: string;
  /** SHA-256 of every file the answers name (multiEntry index): which responses keep a file. */
  ixFiles: string[];
}

/** The fields this middleware writes; LOCAL_FIELDS (domain/types.ts) lists them too, so merge, bundles and sync leave them out. */
export const RESPONSE_INDEX_FIELDS = ['ixLive', 'ixDepartment', 'ixFiles'] as const satisfies readonly (keyof ResponseIndexFields)[];

/**
 * Names of the question holding the department. Answers are keyed by question name
 * whatever group holds the question, so the top level of `answers` is enough.
 */
export const DEPARTMENT_QUESTIONS = ['department', 'departamento'] as const;

export function departmentOf(answers: unknown): string {
  if (!answers || typeof answers !== 'object') return '';
  for (const name of DEPARTMENT_QUESTIONS) {
    const value = (answers as Record<string, AnswerValue | undefined>)[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return '';
}

/** The hashes of the files named anywhere in the answers, repeats included, each once. */
export function filesOf(answers: unknown, into = new Set<string>()): string[] {
  if (answers && typeof answers === 'object') {
    for (const value of Object.values(answers as Record<string, unknown>)) {
      if (isFileAnswer(value)) into.add(value.hash);
      else if (Array.isArray(value)) for (const instance of value) filesOf(instance, into);
    }
  }
  return [...into];
}

/** The record with its index fields (re)computed; a new object, the input is left alone. */
export function withIndexFields<T extends object>(record: T): T & ResponseIndexFields {
  const r = record as T & { deleted?: unknown; answers?: unknown };
  return { ...record, ixLive: r.deleted === true ? 0 : 1, ixDepartment: departmentOf(r.answers), ixFiles: filesOf(r.answers) };
}

const RESPONSES_TABLE = 'responses';

function withIndexedValues(request: DBCoreMutateRequest): DBCoreMutateRequest {
  if (request.type !== 'add' && request.type !== 'put') return request;
  return { ...request, values: request.values.map((value: object) => withIndexFields(value)) };
}

/**
 * A DBCore middleware rather than creating/updating hooks: hooks make every put read
 * the stored record first, which would double the cost of bulk writes (imports, sync).
 * Its default level puts it above Dexie's own middlewares, so liveQuery sees the
 * derived keys and re-runs the list when they change.
 */
export const responseIndexMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'responseIndexFields',
  create: (down: DBCore) => ({
    ...down,
    table(name: string) {
      const table = down.table(name);
      if (name !== RESPONSES_TABLE) return table;
      return { ...table, mutate: (request: DBCoreMutateRequest) => table.mutate(withIndexedValues(request)) };
    },
  }),
};
