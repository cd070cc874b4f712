// Writes a bundle (format.ts) as Blob parts, one per chunk of records, so that 100,000
// responses never become one string: the browser may keep a large Blob on disk.

import { maxHlc } from '../domain/hlc';
import { canonicalJson } from '../domain/merge';
import type { Envelope } from '../domain/types';
import type { PisoDatabase } from '../db/database';
import { changeSnapshot, deviceIdOf } from '../db/record-scan';
import { lastSent, type ExportSnapshot } from './checkpoints';
import { gzip } from './compression';
import { DEVICE_FIELDS } from './validate-record';
import { encrypt, DEFAULT_ITERATIONS } from './encryption';
import { ChunkedHash, FOOTER_LINE, HASH_CHUNK_RECORDS, emptyCounts, headerLine, type BundleScope, type Manifest } from './format';
import { yielder, type OnProgress } from './progress';
import { scanTotal, selectRecords, type ExportScope, type Selection } from './select';

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
  /** Where the selection was cut, for markDelivered: this device's, never in the file. */
  snapshot: ExportSnapshot;
}

/**
 * The record as it travels, in canonical JSON (the same text as `canonicalJson`), without
 * what belongs to this device only.
 */
export function portableJson(record: Envelope): string {
  return canonicalJson(record, DEVICE_FIELDS);
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;

/**
 * Encodes chunks of records ("record\n" each) through one reused buffer: encodeInto
 * writes straight into it (TextEncoder.encode costs about twice as much), and from it
 * come both the bytes that are hashed and the document's text, which has a comma before
 * every record but the document's first (copying bytes beats joining and encoding twice).
 */
class ChunkEncoder {
  private readonly encoder = new TextEncoder();
  private scratch = new Uint8Array(0);

  encode(lines: string[], first: boolean): { hashed: Uint8Array<ArrayBuffer>; document: Uint8Array<ArrayBuffer> } {
    const text = lines.join('\n') + '\n';
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    const { written } = this.encoder.encodeInto(text, this.scratch);
    const bytes = this.scratch.subarray(0, written);
    const document = new Uint8Array(written + lines.length - (first ? 1 : 0));
    let from = 0;
    let to = 0;
    for (let i = 0; i < lines.length; i++) {
      if (i > 0 || !first) document[to++] = COMMA;
      const end = bytes.indexOf(NEWLINE, from) + 1;
      document.set(bytes.subarray(from, end), to);
      to += end - from;
      from = end;
    }
    return { hashed: bytes.slice(), document };
  }
}

async function selection(scope: ExportScope, snapshot: ExportSnapshot, db: PisoDatabase | undefined): Promise<Selection> {
  if (scope.type !== 'changes') return scope;
  return { ...scope, since: await lastSent(scope.destination, db), upTo: snapshot.seq };
}

/**
 * The scope as the file states it. `since` is this device's change number as text, which
 * means something to this device only: it says where the bundle starts, for support.
 */
function manifestScope(selected: Selection): BundleScope {
  if (selected.type !== 'changes') return selected;
  return { type: 'changes', destination: selected.destination, since: selected.since === 0 ? null : String(selected.since) };
}

const appVersion = () => (typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev');

export async function exportBundle(scope: ExportScope, options: ExportOptions = {}): Promise<ExportResult> {
  const db = options.db;
  const encoder = new ChunkEncoder();
  // Read first: whatever changes from here on has a greater number, and goes in the next
  // 'changes' bundle whether or not this one caught it.
  const snapshot = await changeSnapshot(db);
  const selected = await selection(scope, snapshot, db);
  const fullScope = manifestScope(selected);
  // Counted while the first page is read; only the progress reports need it.
  const counting = scanTotal(db, selected);
  counting.catch(() => undefined);
  const counts = emptyCounts();
  const hash = new ChunkedHash();
  const parts: Blob[] = [];
  let latest: string | undefined;
  let pending: string[] = [];
  let written = 0;
  let scanned = 0;

  // Chunk digests are chained, so they are added in order while the scan goes on.
  let hashing = Promise.resolve();
  const pause = yielder();

  const flush = () => {
    if (pending.length === 0) return;
    const { hashed, document } = encoder.encode(pending, written === 0);
    hashing = hashing.then(() => hash.addChunk(hashed));
    // A Blob per chunk lets the chunk's bytes be collected right away.
    parts.push(new Blob([document]));
    written += pending.length;
    pending = [];
  };

  for await (const chunk of selectRecords(db, selected)) {
    for (const record of chunk.records) {
      pending.push(portableJson(record));
      counts[record.kind]++;
      latest = maxHlc(latest, record.hlc);
      if (pending.length === HASH_CHUNK_RECORDS) flush();
    }
    scanned += chunk.scanned;
    if (options.onProgress) {
      const total = await counting;
      options.onProgress(Math.min(scanned, total), total);
    }
    await pause();
  }
  flush();
  await hashing;

  const now = options.now ?? new Date();
  const manifest: Manifest = {
    appVersion: appVersion(),
    deviceId: deviceIdOf(db),
    createdAt: now.toISOString(),
    scope: fullScope,
    counts,
    recordsHash: { algorithm: 'sha256-chunked', chunkRecords: HASH_CHUNK_RECORDS, value: await hash.value() },
    maxHlc: latest ?? null,
  };
  let blob = new Blob([headerLine(manifest), ...parts, FOOTER_LINE], { type: 'application/json' });
  if (options.gzip) blob = await gzip(blob);
  if (options.passphrase !== undefined) blob = await encrypt(blob, options.passphrase, options.iterations ?? DEFAULT_ITERATIONS);
  return { blob, manifest, fileName: fileName(fullScope, now, options), snapshot };
}

function fileName(scope: BundleScope, now: Date, options: ExportOptions): string {
  const what = scope.type === 'changes' ? `changes-${scope.destination.replace(/[^\w-]+/g, '_').slice(0, 40)}` : scope.type;
  const extension = options.passphrase !== undefined ? '.piso' : options.gzip ? '.json.gz' : '.json';
  return `piso-${what}-${now.toISOString().slice(0, 10)}${extension}`;
}
