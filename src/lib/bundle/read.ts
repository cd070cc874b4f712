// Reads and checks a whole bundle file before anything is written: container
// (encryption, gzip), first line (format, version, manifest), every record, counts and
// hash. Streams the document line by line; the validated records are kept, since they
// must all be in memory for the one-transaction write, and so are the refused ones
// (with why), which the import keeps aside: one bad record refuses that record, not
// the bundle. What makes the file itself untrustworthy (cut, altered, not a bundle)
// still refuses the whole file.

import type { Envelope, Kind } from '../domain/types';
import { refusalOf } from '../domain/schemas';
import { ArrivalForms } from '../db/arrival';
import type { RefusedArrival } from '../db/quarantine';
import { decrypt, isEncrypted } from './encryption';
import { gunzip, isGzip } from './compression';
import { BundleError } from './errors';
import { ChunkedHash, FIRST_SHAPE_2_VERSION, FOOTER_LINE, HASH_CHUNK_RECORDS, KINDS, emptyCounts, type Manifest } from './format';
import { lines } from './lines';
import { yieldToEventLoop, type OnProgress } from './progress';
import { validateHeader } from './validate-manifest';
import { validateLine } from './validate-record';

/**
 * The largest document read (after decompression): 100,000 responses make 156 MB, and
 * their parsed records must fit in a phone's memory next to the app.
 */
export const MAX_DOCUMENT_BYTES = 400 << 20;
/** The largest record line: a 300-question form with its translations is well under 1 MB. */
export const MAX_LINE_BYTES = 16 << 20;

export interface ReadOptions {
  passphrase?: string;
  /** Records read of records in the manifest. */
  onProgress?: OnProgress;
}

/** A bundle that passed every check, ready for previewImport and commitImport. */
export interface Bundle {
  manifest: Manifest;
  /** The records that passed their check, in file order. */
  records: Envelope[];
  /** The records refused, with why: kept aside by commitImport. */
  refused: RefusedArrival[];
  /** The forms among `records`: responses are checked against them, and the import against the device's. */
  forms: ArrivalForms;
  encrypted: boolean;
  compressed: boolean;
}

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

/** Concatenates a chunk's records (each with "\n") for its hash. */
class ChunkBuffer {
  private pieces: Uint8Array[] = [];
  private length = 0;
  count = 0;

  add(record: Uint8Array): void {
    const piece = new Uint8Array(record.length + 1);
    piece.set(record);
    piece[record.length] = 0x0a;
    this.pieces.push(piece);
    this.length += piece.length;
    this.count++;
  }

  take(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const piece of this.pieces) {
      out.set(piece, at);
      at += piece.length;
    }
    this.pieces = [];
    this.length = 0;
    this.count = 0;
    return out;
  }
}

async function parseDocument(stream: ReadableStream<Uint8Array>, onProgress?: OnProgress) {
  let manifest: Manifest | undefined;
  let shape1 = false;
  let total = 0;
  let documentBytes = 0;
  let ended = false;
  const records: Envelope[] = [];
  const refused: RefusedArrival[] = [];
  const forms = new ArrivalForms();
  const counts = emptyCounts();
  let read = 0;
  /** Records whose kind could not be read: they fill the gap between the counts, no more. */
  let unknownKind = 0;
  const seen = new Set<string>();
  const hash = new ChunkedHash();
  const chunk = new ChunkBuffer();

  for await (const { bytes, terminated } of lines(stream, MAX_LINE_BYTES)) {
    documentBytes += bytes.length + 1;
    if (documentBytes > MAX_DOCUMENT_BYTES) throw new BundleError('bundle.tooLarge', { limitMb: MAX_DOCUMENT_BYTES >> 20 });
    if (manifest === undefined) {
      const header = parseHeader(bytes, terminated);
      manifest = header.manifest;
      shape1 = header.version < FIRST_SHAPE_2_VERSION;
      total = KINDS.reduce((sum, kind) => sum + manifest!.counts[kind], 0);
      continue;
    }
    if (ended) {
      // Only blank lines may follow the end of the document.
      if (text(bytes).trim() !== '') throw new BundleError('bundle.corrupt', { reason: 'data after the end' });
      continue;
    }
    const line = text(bytes);
    if (line === FOOTER_LINE) {
      ended = true;
      continue;
    }
    const index = read++;
    if (!terminated) throw new BundleError('bundle.truncated');
    if (index >= total) throw new BundleError('bundle.tampered');
    const hasComma = bytes[0] === COMMA;
    if (hasComma !== index > 0) throw new BundleError('bundle.invalidRecord', { index, reason: 'not one record per line' });
    const result = validateLine(hasComma ? line.slice(1) : line, index + 1, { ...forms.context(), shape1 });
    if (result.ok) {
      const { record } = result;
      const key = `${record.kind}/${record.id}`;
      if (seen.has(key)) {
        const refusal = refusalOf(record, { reason: 'duplicate', field: 'id', params: { number: index + 1 } });
        refused.push({ refusal, text: line });
      } else {
        seen.add(key);
        records.push(record);
        if (record.kind === 'form') forms.add(record as never);
      }
      counts[record.kind]++;
    } else {
      refused.push(result.refused);
      const kind = result.refused.refusal.kind as Kind | undefined;
      if (kind) counts[kind]++;
      else unknownKind++;
    }
    chunk.add(hasComma ? bytes.subarray(1) : bytes);
    if (chunk.count === HASH_CHUNK_RECORDS) {
      await hash.addChunk(chunk.take());
      onProgress?.(read, total);
      await yieldToEventLoop();
    }
  }
  if (manifest === undefined) throw new BundleError('bundle.notBundle');
  if (!ended) throw new BundleError('bundle.truncated');
  if (chunk.count > 0) await hash.addChunk(chunk.take());
  const missing = KINDS.reduce((sum, kind) => sum + manifest!.counts[kind] - counts[kind], 0);
  if (read !== total || missing !== unknownKind || KINDS.some((kind) => counts[kind] > manifest!.counts[kind])) {
    throw new BundleError('bundle.tampered');
  }
  if ((await hash.value()) !== manifest.recordsHash.value) throw new BundleError('bundle.tampered');
  onProgress?.(read, total);
  return { manifest, records, refused, forms };
}

async function head(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, 8).arrayBuffer());
}

/** Reads and validates a bundle file; throws a BundleError, having written nothing, if it is refused. */
export async function readBundle(file: Blob, options: ReadOptions = {}): Promise<Bundle> {
  let blob = file;
  const encrypted = isEncrypted(await head(blob));
  if (encrypted) blob = await decrypt(blob, options.passphrase);
  const compressed = isGzip(await head(blob));
  const stream = compressed ? gunzip(blob) : blob.stream();
  const { manifest, records, refused, forms } = await parseDocument(stream, options.onProgress);
  return { manifest, records, refused, forms, encrypted, compressed };
}
