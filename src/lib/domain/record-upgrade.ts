// Records of shape 1 (before the per-question merge) as shape 2. Shape 1 kept one clock
// for all of a response's answers, one for its history and one for an indicator's
// periods; repeat instances had no ids and history entries none either. Shape 2 has a
// clock per entry of each map field (merge-fields.ts), an id on every repeat instance and
// every history entry.
//
// The upgrade is deterministic and idempotent: two devices upgrading the same record
// get the same result (instance ids from positions, history ids from the entries'
// content), and a shape-2 record comes back unchanged. Each entry of a map field takes
// the field's old clock: a change of shape, not an edit.

import { INSTANCE_ID, type Kind } from './types';
import { instanceIdOf } from './answer-paths';
import { MAP_FIELDS, legacyEditId, subkeyClock } from './merge-fields';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `answers` with an id on every repeat instance (ids already there are kept). */
function withInstanceIds(answers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(answers)) {
    out[name] = Array.isArray(value)
      ? value.map((instance: unknown, index) =>
          isObject(instance) ? { ...withInstanceIds(instance), [INSTANCE_ID]: instanceIdOf(instance, index) } : instance,
        )
      : value;
  }
  return out;
}

const withEditIds = (history: unknown[]) =>
  history.map((entry) => (isObject(entry) && typeof entry.id !== 'string' ? { ...entry, id: legacyEditId(entry as never) } : entry));

/** The record in shape 2. Anything that is not a record of a known kind is returned as it is. */
export function upgradeRecord<T>(record: T): T {
  if (!isObject(record) || typeof record.kind !== 'string' || !Object.hasOwn(MAP_FIELDS, record.kind)) return record;
  const codecs = MAP_FIELDS[record.kind as Kind];
  const out: Record<string, unknown> = { ...record };
  if (record.kind === 'response') {
    if (isObject(out.answers)) out.answers = withInstanceIds(out.answers);
    if (Array.isArray(out.history)) out.history = withEditIds(out.history);
  }
  if (!isObject(record.fieldHlc)) return out as T;
  const fieldHlc: Record<string, unknown> = { ...record.fieldHlc };
  for (const [field, codec] of Object.entries(codecs)) {
    if (!Object.hasOwn(fieldHlc, field)) continue;
    const clock = fieldHlc[field];
    delete fieldHlc[field];
    const entries = codec.flatten(out[field]);
    for (const subkey of entries.keys()) fieldHlc[subkeyClock(field, subkey)] ??= clock;
    if (out[field] !== undefined) out[field] = codec.build(entries);
  }
  out.fieldHlc = fieldHlc;
  return out as T;
}
