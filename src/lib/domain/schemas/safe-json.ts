// The first check of anything that arrives: a walk over the parsed JSON that bounds
// depth, strings and keys, and refuses keys that would reach or replace an object's
// prototype when later code copies with `obj[key] = value`. Nothing else looks at a
// record before this has passed.

import { LIMITS } from './limits';
import type { Refusal } from './refusal';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type Problem = Pick<Refusal, 'reason' | 'field' | 'params'>;

/**
 * The first problem found in a JSON value, or undefined. `stringLimit` may give a
 * larger bound to a subtree (a form's attachments), keyed by the top-level field.
 */
export function jsonProblem(value: unknown, stringLimit: (topField: string) => number = () => LIMITS.string): Problem | undefined {
  const path: (string | number)[] = [];
  let limit: number = LIMITS.string;
  const at = () => path.join('/');
  const walk = (node: unknown, depth: number): Problem | undefined => {
    if (typeof node === 'string') {
      return node.length > limit ? { reason: 'tooLong', field: at(), params: { max: limit } } : undefined;
    }
    if (node === null || typeof node !== 'object') return undefined;
    if (depth > LIMITS.depth) return { reason: 'tooDeep', field: at(), params: { max: LIMITS.depth } };
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        const problem = walk(node[i], depth + 1);
        path.pop();
        if (problem) return problem;
      }
      return undefined;
    }
    for (const key of Object.keys(node)) {
      path.push(key);
      if (FORBIDDEN_KEYS.has(key)) return { reason: 'forbiddenKey', field: at(), params: { key } };
      if (key.length > LIMITS.key) return { reason: 'tooLong', field: at().slice(0, LIMITS.name), params: { max: LIMITS.key } };
      if (depth === 0) limit = stringLimit(key);
      const problem = walk((node as Record<string, unknown>)[key], depth + 1);
      path.pop();
      if (problem) return problem;
    }
    return undefined;
  };
  return walk(value, 0);
}
