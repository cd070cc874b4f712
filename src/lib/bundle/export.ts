// Writes a bundle (format.ts, version 4) a chunk at a time into a sink: a file being
// written, or a Blob of parts, so that 100,000 responses and their photos never become
// one string nor sit in the JavaScript heap. Line 1 states the records' hash and counts,
// known only once every record is read, so the records are first kept as a Blob of
// parts (the browser may keep it on disk); then line 1, those parts, and the files, read
// one by one from IndexedDB, go out through gzip and encryption to the destination.

import { maxHlc } from '../domain/hlc';
import { canonicalJson } from '../domain/merge';
import type { Envelope } from '../domain/types';
import type { PisoDatabase } from '../db/database';
import { changeSnapshot, deviceIdOf } from '../db/record-scan';
import { storedFiles } from '../db/response-export';
import { lastSent, type ExportSnapshot } from './checkpoints';
import { DEVICE_FIELDS } from './validate-record';
import { encrypt, DEFAULT_ITERATIONS, MIN_PASSPHRASE_LENGTH } from './encryption';
import { BundleError } from './errors';
import { BlobSink, GzipSink, StreamSink, base64, writeBlob, writeText, type ByteSink } from './export-output';
import {
  ChunkedHash,
  FILE_PART_BYTES,
  FILES_LINE,
  FOOTER_LINE,
  HASH_CHUNK_RECORDS,
  emptyCounts,
  fileHeaderLine,
  filePartLine,
  headerLine,
  type BundleScope,
  type FilesSummary,
  type Manifest,
} from './format';
import { bundleFileName } from './export-names';
import { yielder } from './progress';
import { scanTotal, selectRecords, type ExportScope, type Selection } from './select';

/** Records read of records to read, then files written of files to write. */
export type ExportProgress = (done: number, total: number, stage: 'records' | 'files') => void;

export interface ExportOptions {
  /** gzip the document (about a fifth of the size for responses). */
  gzip?: boolean;
  /** Encrypt with this passphrase (at least MIN_PASSPHRASE_LENGTH characters). */
  passphrase?: string;
  /** PBKDF2 iterations; only tests should lower it, never below MIN_ITERATIONS. */
  iterations?: number;
  /** A small bundle: the records without the files they name (manifest.files.included false). */
  recordsOnly?: boolean;
  onProgress?: ExportProgress;
  /** Cancels: the destination is aborted (a file being written is left as it was). */
  signal?: AbortSignal;
  db?: PisoDatabase;
  now?: Date;
}

export interface BundleWritten {
  manifest: Manifest;
  /** A file name that says what and when, e.g. "piso-project-2026-11-27.json.gz". */
  fileName: string;
  /** Where the selection was cut, for markDelivered: this device's, never in the file. */
  snapshot: ExportSnapshot;
}

export interface ExportResult extends BundleWritten {
  blob: Blob;
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

/** What the records scan leaves: the records' text as Blob parts, and what line 1 states of them. */
interface Scanned {
  body: Blob;
  counts: Manifest['counts'];
  hash: string;
  latest: string | null;
  /** Hashes named by the live responses read, in the order first named. */
  named: Set<string>;
}

async function scanRecords(selected: Selection, options: ExportOptions): Promise<Scanned> {
  const { db, signal } = options;
  const encoder = new ChunkEncoder();
  // Counted while the first page is read; only the progress reports need it.
  const counting = scanTotal(db, selected);
  counting.catch(() => undefined);
  const counts = emptyCounts();
  const hash = new ChunkedHash();
  const body = new BlobSink();
  const named = new Set<string>();
  let latest: string | undefined;
  let pending: string[] = [];
  let written = 0;
  let scanned = 0;

  // Chunk digests are chained, so they are added in order while the scan goes on.
  let hashing = Promise.resolve();
  const pause = yielder();

  const flush = async () => {
    if (pending.length === 0) return;
    const { hashed, document } = encoder.encode(pending, written === 0);
    hashing = hashing.then(() => hash.addChunk(hashed));
    await body.write(document);
    written += pending.length;
    pending = [];
  };

  for await (const chunk of selectRecords(db, selected)) {
    signal?.throwIfAborted();
    for (const record of chunk.records) {
      pending.push(portableJson(record));
      counts[record.kind]++;
      latest = maxHlc(latest, record.hlc);
      if (record.kind === 'response' && !record.deleted) for (const file of filesNamed(record)) named.add(file);
      if (pending.length === HASH_CHUNK_RECORDS) await flush();
    }
    scanned += chunk.scanned;
    if (options.onProgress) {
      const total = await counting;
      options.onProgress(Math.min(scanned, total), total, 'records');
    }
    await pause();
  }
  await flush();
  await hashing;
  return { body: body.blob(), counts, hash: await hash.value(), latest: latest ?? null, named };
}

/** The hashes a stored response names (its local index field, response-index.ts). */
function filesNamed(record: Envelope): string[] {
  const hashes = (record as Envelope & { ixFiles?: unknown }).ixFiles;
  return Array.isArray(hashes) ? (hashes as string[]) : [];
}

interface BundleFile {
  hash: string;
  blob: Blob;
}

const FILE_LOOKUP_BATCH = 200;

/** Of the named files, those on this device (the Blobs are read as they are written). */
async function filesOnDevice(named: Set<string>, db: PisoDatabase | undefined): Promise<BundleFile[]> {
  const hashes = [...named];
  const found: BundleFile[] = [];
  for (let i = 0; i < hashes.length; i += FILE_LOOKUP_BATCH) {
    for (const stored of await storedFiles(hashes.slice(i, i + FILE_LOOKUP_BATCH), db)) {
      if (stored) found.push({ hash: stored.hash, blob: stored.blob });
    }
  }
  return found;
}

/** The files section's lines, each file's Blob read a part at a time. */
async function writeFiles(sink: ByteSink, files: readonly BundleFile[], options: ExportOptions): Promise<void> {
  const pause = yielder();
  for (const [i, { hash, blob }] of files.entries()) {
    await writeText(sink, fileHeaderLine({ hash, type: blob.type || 'application/octet-stream', size: blob.size }, i === 0));
    let offset = 0;
    do {
      options.signal?.throwIfAborted();
      const part = new Uint8Array(await blob.slice(offset, offset + FILE_PART_BYTES).arrayBuffer());
      await writeText(sink, filePartLine(base64(part)));
      offset += FILE_PART_BYTES;
    } while (offset < blob.size);
    options.onProgress?.(i + 1, files.length, 'files');
    await pause();
  }
}

/** The whole document, gzipped if asked, into `sink`. */
async function writeDocument(sink: ByteSink, manifest: Manifest, body: Blob, files: readonly BundleFile[], options: ExportOptions) {
  const gzip = options.gzip ? new GzipSink(sink) : undefined;
  const out = gzip ?? sink;
  await writeText(out, headerLine(manifest));
  await writeBlob(out, body, options.signal);
  await writeText(out, FILES_LINE);
  await writeFiles(out, files, options);
  await writeText(out, FOOTER_LINE);
  await gzip?.close();
}

/**
 * Writes the bundle of `scope` into `destination`, which is closed when the bundle is
 * whole and aborted on any failure or cancel.
 */
export async function writeBundle(scope: ExportScope, destination: WritableStream<Uint8Array>, options: ExportOptions = {}): Promise<BundleWritten> {
  const sink = new StreamSink(destination);
  try {
    if (options.passphrase !== undefined && options.passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new BundleError('bundle.passphraseTooShort', { min: MIN_PASSPHRASE_LENGTH });
    }
    const { db } = options;
    // Read first: whatever changes from here on has a greater number, and goes in the next
    // 'changes' bundle whether or not this one caught it.
    const snapshot = await changeSnapshot(db);
    const selected = await selection(scope, snapshot, db);
    const fullScope = manifestScope(selected);
    const scanned = await scanRecords(selected, options);
    const files = options.recordsOnly ? [] : await filesOnDevice(scanned.named, db);
    const summary: FilesSummary = { count: files.length, bytes: files.reduce((sum, f) => sum + f.blob.size, 0), included: !options.recordsOnly };
    const now = options.now ?? new Date();
    const manifest: Manifest = {
      appVersion: appVersion(),
      deviceId: deviceIdOf(db),
      createdAt: now.toISOString(),
      scope: fullScope,
      counts: scanned.counts,
      recordsHash: { algorithm: 'sha256-chunked', chunkRecords: HASH_CHUNK_RECORDS, value: scanned.hash },
      maxHlc: scanned.latest,
      files: summary,
    };
    if (options.passphrase === undefined) {
      await writeDocument(sink, manifest, scanned.body, files, options);
    } else {
      // Each encrypted segment's additional data says whether it is the last: the
      // (compressed) document is first kept as a Blob of parts, then sealed a segment at a time.
      const plain = new BlobSink();
      await writeDocument(plain, manifest, scanned.body, files, options);
      await writeBlob(sink, await encrypt(plain.blob(), options.passphrase, options.iterations ?? DEFAULT_ITERATIONS), options.signal);
    }
    await sink.close();
    return { manifest, fileName: bundleFileName(fullScope, now, options), snapshot };
  } catch (error) {
    await sink.abort(error);
    throw error;
  }
}

/** The bundle as a Blob (of parts): for a browser without the File System Access API, and for tests. */
export async function exportBundle(scope: ExportScope, options: ExportOptions = {}): Promise<ExportResult> {
  const blob = new BlobSink(BUNDLE_TYPE);
  const written = await writeBundle(scope, blob.writable(), options);
  return { ...written, blob: blob.blob() };
}

export const BUNDLE_TYPE = 'application/json';
