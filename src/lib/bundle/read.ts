// Reads and checks a bundle file as a stream, batch by batch: container (encryption,
// gzip), first line (format, version, manifest), every record, counts and hash, then
// (version 3 on) the files. Only one batch of records, or one part of a file, is held at a
// time: the records go out in batches as they pass, each record checked (one bad
// record refuses that record, not the bundle), and each file as a Blob assembled from
// its decoded parts. What makes the file itself untrustworthy (cut, altered, not a
// bundle) still refuses the whole file: the reader throws, at the latest at the end,
// and whoever staged its batches must drop them. The records' hash and counts are
// checked before the first file is given out.

import type { Envelope, Kind } from '../domain/types';
import { refusalOf, type CheckContext } from '../domain/schemas';
import { ArrivalForms } from '../db/arrival';
import type { RefusedArrival } from '../db/quarantine';
import { decryptStream, isEncrypted } from './encryption';
import { gunzip, isGzip } from './compression';
import { BundleError } from './errors';
import { ChunkedHash, FILES_OPENING, FIRST_SHAPE_2_VERSION, FOOTER_LINE, HASH_CHUNK_RECORDS, KINDS, emptyCounts, type Manifest } from './format';
import { FilesReader, type ArrivingFile, type FileHeader, type FileRefusalReason } from './read-files';
import { lines } from './lines';
import type { OnProgress } from './progress';
import { validateHeader } from './validate-manifest';
import { validateLine } from './validate-record';

/** The largest line: a record of a 300-question form with its translations is well under 1 MB; a file part is 1 MiB. */
const MAX_LINE_BYTES = 16 << 20;
/** Records per batch, at most; a batch also closes at BATCH_BYTES of record text. */
const BATCH_RECORDS = 1000;
const BATCH_BYTES = 4 << 20;

export interface ReadOptions {
  passphrase?: string;
  /** Records and files read, of those in the manifest. */
  onProgress?: OnProgress;
  /** Records per batch (tests use small ones). */
  batchRecords?: number;
  /** Refuses a file from its header alone (its parts are then not decoded). */
  judgeFile?: (header: FileHeader) => FileRefusalReason | undefined;
}

/** Records that passed their check and those refused (with why), in file order. */
export interface RecordBatch {
  records: Envelope[];
  refused: RefusedArrival[];
}

export type ReadEvent =
  | { type: 'manifest'; manifest: Manifest; version: number; encrypted: boolean; compressed: boolean }
  /** `forms`: the bundle's forms read so far, the batch's included. */
  | { type: 'batch'; batch: RecordBatch; forms: ArrivalForms }
  | { type: 'file'; file: ArrivingFile };

const COMMA = 0x2c;
const decoder = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch (e) {
    throw new BundleError('bundle.corrupt', { reason: 'not UTF-8' }, { cause: e });
  }
}

function parseHeader(bytes: Uint8Array, terminated: boolean): { manifest: Manifest; version: number } {
  const line = text(bytes);
  let header: unknown;
  try {
    header = JSON.parse(line + FOOTER_LINE);
  } catch {
    const ours = line.startsWith('{"format":"piso-bundle"');
    throw new BundleError(ours && !terminated ? 'bundle.truncated' : 'bundle.notBundle');
  }
  return { manifest: validateHeader(header), version: (header as { version: number }).version };
}

/**
 * Concatenates a chunk's records (each with "\n") for its hash, in one buffer that grows
 * as needed: a copy per record into a typed array of its own cost more than the copy.
 */
class ChunkBuffer {
  private buffer = new Uint8Array(1 << 20);
  private length = 0;
  count = 0;

  add(record: Uint8Array): void {
    const end = this.length + record.length + 1;
    if (end > this.buffer.length) {
      const grown = new Uint8Array(Math.max(end, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(record, this.length);
    this.buffer[end - 1] = 0x0a;
    this.length = end;
    this.count++;
  }

  take(): Uint8Array<ArrayBuffer> {
    const out = this.buffer.slice(0, this.length);
    this.length = 0;
    this.count = 0;
    return out;
  }
}

/** The records section: every check of v2, one batch at a time. */
class RecordsReader {
  readonly forms = new ArrivalForms();
  private readonly counts = emptyCounts();
  private read = 0;
  /** Records whose kind could not be read: they fill the gap between the counts, no more. */
  private unknownKind = 0;
  /** Ids seen, to refuse a second record of one id: the one thing kept for every record. */
  private readonly seen = new Set<string>();
  private readonly hash = new ChunkedHash();
  private readonly chunk = new ChunkBuffer();
  private batch: RecordBatch = { records: [], refused: [] };
  private batchBytes = 0;
  readonly total: number;
  /** Made once: its form lookup reads the forms as they are when asked. */
  private readonly context: CheckContext;

  constructor(
    readonly manifest: Manifest,
    shape1: boolean,
    private readonly batchRecords: number,
  ) {
    this.total = KINDS.reduce((sum, kind) => sum + manifest.counts[kind], 0);
    this.context = { ...this.forms.context(), shape1 };
  }

  get done(): number {
    return this.read;
  }

  /** Takes one record line; returns a full batch when one is ready. */
  async line(bytes: Uint8Array, terminated: boolean): Promise<RecordBatch | undefined> {
    const index = this.read++;
    if (!terminated) throw new BundleError('bundle.truncated');
    if (index >= this.total) throw new BundleError('bundle.tampered');
    const hasComma = bytes[0] === COMMA;
    if (hasComma !== index > 0) throw new BundleError('bundle.invalidRecord', { index, reason: 'not one record per line' });
    const line = text(hasComma ? bytes.subarray(1) : bytes);
    const result = validateLine(line, index + 1, this.context);
    if (result.ok) {
      const { record } = result;
      const key = `${record.kind}/${record.id}`;
      if (this.seen.has(key)) {
        const refusal = refusalOf(record, { reason: 'duplicate', field: 'id', params: { number: index + 1 } });
        this.batch.refused.push({ refusal, text: line });
      } else {
        this.seen.add(key);
        this.batch.records.push(record);
        if (record.kind === 'form') this.forms.add(record as never);
      }
      this.counts[record.kind]++;
    } else {
      this.batch.refused.push(result.refused);
      const kind = result.refused.refusal.kind as Kind | undefined;
      if (kind) this.counts[kind]++;
      else this.unknownKind++;
    }
    this.chunk.add(hasComma ? bytes.subarray(1) : bytes);
    if (this.chunk.count === HASH_CHUNK_RECORDS) await this.hash.addChunk(this.chunk.take());
    this.batchBytes += bytes.length;
    const size = this.batch.records.length + this.batch.refused.length;
    return size >= this.batchRecords || this.batchBytes >= BATCH_BYTES ? this.take() : undefined;
  }

  take(): RecordBatch {
    const batch = this.batch;
    this.batch = { records: [], refused: [] };
    this.batchBytes = 0;
    return batch;
  }

  /** At the end of the records: counts and hash as the manifest says, or the bundle is refused. */
  async check(): Promise<void> {
    const { counts, manifest } = this;
    if (this.chunk.count > 0) await this.hash.addChunk(this.chunk.take());
    const missing = KINDS.reduce((sum, kind) => sum + manifest.counts[kind] - counts[kind], 0);
    if (this.read !== this.total || missing !== this.unknownKind || KINDS.some((kind) => counts[kind] > manifest.counts[kind])) {
      throw new BundleError('bundle.tampered');
    }
    if ((await this.hash.value()) !== manifest.recordsHash.value) throw new BundleError('bundle.tampered');
  }
}

async function head(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, 8).arrayBuffer());
}

/** The document's bytes: decrypted, then decompressed, as streams. */
async function open(file: Blob, passphrase: string | undefined) {
  const encrypted = isEncrypted(await head(file));
  const plain = encrypted ? await decryptStream(file, passphrase) : file.stream();
  // The first bytes of the plain stream tell gzip apart, without reading further.
  const reader = plain.getReader();
  const first = await reader.read().catch((e: unknown) => {
    throw e instanceof BundleError ? e : new BundleError('bundle.corrupt', { reason: String(e) }, { cause: e });
  });
  const firstBytes = first.done ? new Uint8Array(0) : first.value;
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      if (firstBytes.length > 0) controller.enqueue(firstBytes);
      if (first.done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const compressed = isGzip(firstBytes);
  return { encrypted, compressed, stream: compressed ? gunzip(rest) : rest };
}

/**
 * Reads a bundle as a stream of events: its manifest, then batches of checked records,
 * then its files. Throws a BundleError where the bundle is refused: before the manifest
 * event for a file that is no bundle, after every batch for one whose end, counts or
 * hash are wrong (nothing read from it may then be written).
 */
export async function* readBundleStream(file: Blob, options: ReadOptions = {}): AsyncGenerator<ReadEvent> {
  const { encrypted, compressed, stream } = await open(file, options.passphrase);
  const batchRecords = options.batchRecords ?? BATCH_RECORDS;
  let records: RecordsReader | undefined;
  let files: FilesReader | undefined;
  let state: 'records' | 'files' | 'end' = 'records';
  let filesTotal = 0;
  const progress = () => options.onProgress?.(records!.done + (files?.done ?? 0), records!.total + filesTotal);

  for await (const { bytes, terminated } of lines(stream, MAX_LINE_BYTES)) {
    if (records === undefined) {
      const header = parseHeader(bytes, terminated);
      records = new RecordsReader(header.manifest, header.version < FIRST_SHAPE_2_VERSION, batchRecords);
      filesTotal = header.manifest.files?.count ?? 0;
      yield { type: 'manifest', manifest: header.manifest, version: header.version, encrypted, compressed };
      continue;
    }
    if (state === 'end') {
      // Only blank lines may follow the end of the document.
      if (text(bytes).trim() !== '') throw new BundleError('bundle.corrupt', { reason: 'data after the end' });
      continue;
    }
    if (state === 'files') {
      if (bytes.length === FOOTER_LINE.length && text(bytes) === FOOTER_LINE) {
        const last = files!.end();
        if (last) yield { type: 'file', file: last };
        state = 'end';
        continue;
      }
      if (!terminated) throw new BundleError('bundle.truncated');
      const done = files!.line(bytes);
      if (done) {
        yield { type: 'file', file: done };
        progress();
      }
      continue;
    }
    // A records line is never as short as the end lines: compare text only then.
    const end = bytes.length <= FILES_OPENING.length ? text(bytes) : '';
    if (end === FOOTER_LINE || end === FILES_OPENING) {
      // The records of versions 3 and 4 end with the files section; of versions 1 and 2, with the document.
      if ((end === FILES_OPENING) !== (records.manifest.files !== undefined)) throw new BundleError('bundle.corrupt', { reason: 'end of the records' });
      if (end === FILES_OPENING && !terminated) throw new BundleError('bundle.truncated');
      await records.check();
      const batch = records.take();
      if (batch.records.length + batch.refused.length > 0) yield { type: 'batch', batch, forms: records.forms };
      progress();
      if (end === FILES_OPENING) {
        state = 'files';
        files = new FilesReader(options.judgeFile);
      } else state = 'end';
      continue;
    }
    const batch = await records.line(bytes, terminated);
    if (batch) {
      yield { type: 'batch', batch, forms: records.forms };
      progress();
    }
  }
  if (records === undefined) throw new BundleError('bundle.notBundle');
  if (state !== 'end') throw new BundleError('bundle.truncated');
}
