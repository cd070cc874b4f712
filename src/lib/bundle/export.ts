// Writes a bundle (format.ts) as Blob parts, one per chunk of records, so that 100,000
// responses never become one string: the browser may keep a large Blob on disk.

import { maxHlc } from '../domain/hlc';
import type { Envelope } from '../domain/types';
import { database, type PisoDatabase } from '../db/database';
import { lastSent } from './checkpoints';
import { gzip } from './compression';
import { DEVICE_FIELDS } from './validate-record';
import { encrypt, DEFAULT_ITERATIONS } from './encryption';
import { ChunkedHash, FOOTER_LINE, HASH_CHUNK_RECORDS, emptyCounts, headerLine, type BundleScope, type Manifest } from './format';
import { yieldToEventLoop, type OnProgress } from './progress';
import { scanTotal, selectRecords, type ExportScope } from './select';

export interface ExportOptions {
  /** gzip the document (about a fifth of the size for responses). */
  gzip?: boolean;
  /** Encrypt with this passphrase (at least MIN_PASSPHRASE_LENGTH characters). */
  passphrase?: string;
  /** PBKDF2 iterations; only tests should lower it, never below MIN_ITERATIONS. */
  iterations?: number;
  /** Records scanned of records to scan. */
  onProgress?: OnProgress;
  db?: PisoDatabase;
  now?: Date;
}

export interface ExportResult {
  blob: Blob;
  manifest: Manifest;
  /** A file name that says what and when, e.g. "piso-project-2026-11-27.json.gz". */
  fileName: string;
}

function collectKeys(value: unknown, keys: Set<string>): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, keys);
    return;
  }
  for (const key of Object.keys(value)) {
    keys.add(key);
    collectKeys((value as Record<string, unknown>)[key], keys);
  }
}

/**
 * The record as it travels, in canonical JSON (the same text as `canonicalJson`), without
 * what belongs to this device only. JSON.stringify with the sorted list of every key in
 * the record writes each object's keys in that order, so the native serializer does the
 * work instead of a string built node by node in JavaScript.
 */
export function portableJson(record: Envelope): string {
  const fields = record as unknown as Record<string, unknown>;
  const keys = new Set<string>();
  for (const key of Object.keys(fields)) {
    if (DEVICE_FIELDS.has(key)) continue;
    keys.add(key);
    collectKeys(fields[key], keys);
  }
  const sorted = [...keys].sort();
  // A nested key named like a device field (an answer "dirty") would let the top-level one through.
  if (!sorted.some((key) => DEVICE_FIELDS.has(key))) return JSON.stringify(record, sorted);
  return JSON.stringify(Object.fromEntries(Object.entries(fields).filter(([key]) => !DEVICE_FIELDS.has(key))), sorted);
}

async function manifestScope(db: PisoDatabase, scope: ExportScope): Promise<BundleScope> {
  if (scope.type !== 'changes') return scope;
  return { type: 'changes', destination: scope.destination, since: await lastSent(db, scope.destination) };
}

const appVersion = () => (typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev');

export async function exportBundle(scope: ExportScope, options: ExportOptions = {}): Promise<ExportResult> {
  const db = options.db ?? database();
  const encoder = new TextEncoder();
  const fullScope = await manifestScope(db, scope);
  const total = await scanTotal(db);
  const counts = emptyCounts();
  const hash = new ChunkedHash();
  const parts: Blob[] = [];
  let latest: string | undefined;
  let pending: string[] = [];
  let written = 0;
  let scanned = 0;

  const flush = async () => {
    if (pending.length === 0) return;
    await hash.addChunk(encoder.encode(pending.join('\n') + '\n'));
    // A Blob per chunk lets the chunk's string be collected right away.
    parts.push(new Blob([(written === 0 ? '' : ',') + pending.join('\n,') + '\n']));
    written += pending.length;
    pending = [];
  };

  for await (const chunk of selectRecords(db, fullScope)) {
    for (const record of chunk.records) {
      pending.push(portableJson(record));
      counts[record.kind]++;
      latest = maxHlc(latest, record.hlc);
      if (pending.length === HASH_CHUNK_RECORDS) await flush();
    }
    scanned += chunk.scanned;
    options.onProgress?.(Math.min(scanned, total), total);
    await yieldToEventLoop();
  }
  await flush();

  const now = options.now ?? new Date();
  const manifest: Manifest = {
    appVersion: appVersion(),
    deviceId: db.clock.deviceId,
    createdAt: now.toISOString(),
    scope: fullScope,
    counts,
    recordsHash: { algorithm: 'sha256-chunked', chunkRecords: HASH_CHUNK_RECORDS, value: await hash.value() },
    maxHlc: latest ?? null,
  };
  let blob = new Blob([headerLine(manifest), ...parts, FOOTER_LINE], { type: 'application/json' });
  if (options.gzip) blob = await gzip(blob);
  if (options.passphrase !== undefined) blob = await encrypt(blob, options.passphrase, options.iterations ?? DEFAULT_ITERATIONS);
  return { blob, manifest, fileName: fileName(fullScope, now, options) };
}

function fileName(scope: BundleScope, now: Date, options: ExportOptions): string {
  const what = scope.type === 'changes' ? `changes-${scope.destination.replace(/[^\w-]+/g, '_').slice(0, 40)}` : scope.type;
  const extension = options.passphrase !== undefined ? '.piso' : options.gzip ? '.json.gz' : '.json';
  return `piso-${what}-${now.toISOString().slice(0, 10)}${extension}`;
}
