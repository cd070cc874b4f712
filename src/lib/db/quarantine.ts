// Records refused on arrival (a bundle import, a sync pull), kept aside with the reason
// so that nothing is dropped silently: listed on the import and sync screens and
// exportable as a file for whoever can repair them. A record is kept as the text it
// arrived as and never parsed back into an object here, so no key of it can reach a
// prototype, whatever it holds.

import type { Refusal } from '../domain/schemas';
import { database, type PisoDatabase, type QuarantineEntry } from './database';
import { live, type Live } from './live.svelte';

export type QuarantineSource = QuarantineEntry['source'];

/** A refused record and the text it arrived as (a bundle line, a server document). */
export interface RefusedArrival {
  refusal: Refusal;
  text: string;
}

/** The entry kept for a refused record. */
export function quarantineEntry(source: QuarantineSource, { refusal, text }: RefusedArrival, at: Date): QuarantineEntry {
  const params: Record<string, string | number> = { ...refusal.params };
  if (refusal.label !== undefined) params.label = refusal.label;
  return {
    id: crypto.randomUUID(),
    source,
    at: at.toISOString(),
    recordId: refusal.recordId,
    kind: refusal.kind,
    reason: refusal.reason,
    params,
    field: refusal.field,
    record: text,
  };
}

const sameRefusal = (entry: QuarantineEntry, { refusal, text }: RefusedArrival) =>
  entry.recordId === refusal.recordId && entry.reason === refusal.reason && entry.field === refusal.field && entry.record === text;

/**
 * Keeps refused records aside; call inside the transaction that stores the accepted
 * ones. A record already kept with the same text and reason (the same bundle imported
 * again) is not kept twice.
 */
export async function keepAside(db: PisoDatabase, source: QuarantineSource, refused: readonly RefusedArrival[], at = new Date()): Promise<void> {
  if (refused.length === 0) return;
  const kept = await db.quarantine.where('source').equals(source).toArray();
  const fresh = refused.filter((arrival) => !kept.some((entry) => sameRefusal(entry, arrival)));
  if (fresh.length > 0) await db.quarantine.bulkAdd(fresh.map((entry) => quarantineEntry(source, entry, at)));
}

/** What was refused from one source, newest first. */
export async function listQuarantine(source: QuarantineSource, db: PisoDatabase = database()): Promise<QuarantineEntry[]> {
  const entries = await db.quarantine.where('source').equals(source).toArray();
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export function liveQuarantine(source: QuarantineSource): Live<QuarantineEntry[]> {
  return live(() => listQuarantine(source), []);
}

/** Forgets what was refused from one source (after it was exported, or repaired at the origin). */
export async function clearQuarantine(source: QuarantineSource, db: PisoDatabase = database()): Promise<void> {
  await db.quarantine.where('source').equals(source).delete();
}

/**
 * The entries as one JSON document. Each record is written as it arrived: JSON text is
 * put in verbatim (it was parsed once on arrival), other text as a string.
 */
export function quarantineDocument(entries: readonly QuarantineEntry[], exportedAt: Date): string {
  const items = entries.map((entry) => {
    const { record, ...rest } = entry;
    const text = typeof record === 'string' ? record : JSON.stringify(record);
    const verbatim = entry.reason !== 'notJson' && text !== undefined;
    return `${JSON.stringify(rest).slice(0, -1)},"record":${verbatim ? text : JSON.stringify(text ?? null)}}`;
  });
  return `{"format":"piso-quarantine","exportedAt":${JSON.stringify(exportedAt.toISOString())},"entries":[\n${items.join(',\n')}\n]}\n`;
}
