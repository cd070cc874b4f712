// Answers as a map of question paths, for the per-question merge (merge-fields.ts).
// Answers stay nested in records (the engine, indicators and exports read them so);
// this is their flat view, one entry per answer and one per repeat instance:
//   "age"                       an answer outside any repeat
//   "household/#<iid>"          instance <iid> of the repeat "household" (its presence)
//   "household/#<iid>/age"      an answer in that instance
// and so on for repeats in repeats. Question names never contain "#" (they are XML names),
// so a segment starting with "#" is an instance. An answer key may hold "/" (the importer
// keys a name used again in another group by its group path, "g2/age"): in a path it is
// written "%2F" (and "%" as "%25"), so that "/" only ever separates segments.

import { INSTANCE_ID, type AnswerValue, type Answers } from './types';
import { migratedInstanceId } from './instance-id';

/** What an instance's presence entry holds: the entry itself is the information. */
export const INSTANCE_PRESENT = true;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A key as one path segment, and back. */
const encode = (name: string) => (name.includes('/') || name.includes('%') ? name.replace(/%/g, '%25').replace(/\//g, '%2F') : name);
const decode = (segment: string) => (segment.includes('%') ? segment.replace(/%2F/g, '/').replace(/%25/g, '%') : segment);

/** The id of the instance at `index`; one saved without an id (older data) gets its migrated id. */
export function instanceIdOf(instance: Record<string, unknown>, index: number): string {
  const id = instance[INSTANCE_ID];
  return typeof id === 'string' ? id : migratedInstanceId(index + 1);
}

/** Every answer and every instance of `answers`, by path. */
export function flattenAnswers(answers: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (!isObject(answers)) return out;
  for (const name of Object.keys(answers)) {
    if (name === INSTANCE_ID) continue;
    const value = answers[name];
    if (!Array.isArray(value)) {
      if (value !== undefined) out.set(prefix + encode(name), value);
      continue;
    }
    value.forEach((instance: unknown, index) => {
      if (!isObject(instance)) return;
      const at = `${prefix}${encode(name)}/#${instanceIdOf(instance, index)}`;
      out.set(at, INSTANCE_PRESENT);
      flattenAnswers(instance, `${at}/`, out);
    });
  }
  return out;
}

/** An instance path has an even number of segments ("household/#a"), an answer an odd one. */
export const isInstancePath = (segments: readonly string[]) => segments.length % 2 === 0;

/**
 * Nested answers from their paths. Instances are ordered by id (ids sort by creation);
 * an entry inside an instance that is not there (removed) is left out.
 */
export function buildAnswers(entries: ReadonlyMap<string, unknown>): Answers {
  const root: Answers = {};
  const instances = new Map<string, Answers>([['', root]]);
  const byDepth: string[][] = [];
  const leaves: string[] = [];
  for (const path of entries.keys()) {
    let slashes = 0;
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) slashes++;
    // An instance path has an even number of segments, so an odd number of slashes.
    if (slashes % 2 === 1) (byDepth[(slashes + 1) / 2] ??= []).push(path);
    else leaves.push(path);
  }
  // Parents before children; within one repeat, by id.
  for (const level of byDepth) {
    if (!level) continue;
    level.sort(compareText);
    for (const path of level) {
      const hash = path.lastIndexOf('/');
      const before = path.lastIndexOf('/', hash - 1);
      const parent = instances.get(before < 0 ? '' : path.slice(0, before));
      const name = decode(path.slice(before + 1, hash));
      if (!parent || name === '__proto__' || (Object.hasOwn(parent, name) && !Array.isArray(parent[name]))) continue;
      const instance: Answers = { [INSTANCE_ID]: path.slice(hash + 2) };
      if (!Object.hasOwn(parent, name)) parent[name] = [];
      (parent[name] as Answers[]).push(instance);
      instances.set(path, instance);
    }
  }
  leaves.sort(compareText);
  for (const path of leaves) {
    const slash = path.lastIndexOf('/');
    const parent = instances.get(slash < 0 ? '' : path.slice(0, slash));
    const name = decode(path.slice(slash + 1));
    // A repeat and an answer of one name (only in a hand-made record): the repeat stays.
    // "__proto__" is no question name; assigned, it would replace the object's prototype.
    if (parent && name !== '__proto__' && !Object.hasOwn(parent, name)) parent[name] = entries.get(path) as AnswerValue;
  }
  return root;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** "household/#<iid>/age" as people read it, "household[2]/age" (positions in `answers`). */
export function displayPath(answers: Answers, path: string): string {
  const segments = path.split('/').map((segment) => (segment.startsWith('#') ? segment : decode(segment)));
  const parts: string[] = [];
  let scope: Answers | undefined = answers;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (!segment.startsWith('#')) {
      parts.push(segment);
      continue;
    }
    const list: unknown = scope?.[segments[i - 1]];
    const index = Array.isArray(list) ? list.findIndex((x, n) => isObject(x) && `#${instanceIdOf(x, n)}` === segment) : -1;
    parts[parts.length - 1] += `[${index + 1}]`;
    scope = index >= 0 ? (list as Answers[])[index] : undefined;
  }
  return parts.join('/');
}
