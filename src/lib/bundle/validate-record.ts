// A bundle's record as this device keeps it: checked by the one record check
// (domain/schemas checkRecord), without the fields that belonged to the device that
// wrote the bundle.

import { checkRecord, refusalOf, type CheckContext } from '../domain/schemas';
import type { Envelope } from '../domain/types';
import { LOCAL_FIELDS } from '../domain/types';
import type { RefusedArrival } from '../db/quarantine';

/** Stripped, not refused: they belong to the device that wrote the bundle. */
export const DEVICE_FIELDS = new Set<string>(LOCAL_FIELDS);

export type LineResult = { ok: true; record: Envelope } | { ok: false; refused: RefusedArrival };

/** One record line (without its leading comma): the record, or why it is refused. `number` is 1-based. */
export function validateLine(line: string, number: number, context: CheckContext): LineResult {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, refused: { refusal: { ...refusalOf(undefined, { reason: 'notJson', field: '', params: {} }), params: { number } }, text: line } };
  }
  const checked = checkRecord(raw, context);
  if (!checked.ok) return { ok: false, refused: { refusal: { ...checked.refusal, params: { ...checked.refusal.params, number } }, text: line } };
  // A bundle written by Piso has none of them: the record is then kept as it came, not copied.
  const fields = checked.record as unknown as Record<string, unknown>;
  if (!LOCAL_FIELDS.some((field) => Object.hasOwn(fields, field))) return { ok: true, record: checked.record };
  const record: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) if (!DEVICE_FIELDS.has(key)) record[key] = fields[key];
  return { ok: true, record: record as unknown as Envelope };
}
