/**
 * # BUNDLE_FORMAT (version 2)
 *
 * A bundle is one JSON document (DESIGN.md "Bundles"), laid out one record per line so
 * that it can be written and read in chunks, never as one string:
 *
 * ```
 * {"format":"piso-bundle","version":2,"manifest":{...},"records":[
 * {record 1 in canonical JSON}
 * ,{record 2}
 * ,{record 3}
 * ]}
 * ```
 *
 * - Line 1 holds everything but the records; the manifest comes before them, so that an
 *   importer knows the format, version and counts before reading any record.
 * - Each record is its envelope and data in canonical JSON (keys sorted, see
 *   `canonicalJson`), without the fields that belong to one device (serverRev, dirty,
 *   the responses' index fields). Records after the first start with a comma.
 * - The last line is `]}`: a file without it was cut short.
 *
 * Hash (`manifest.recordsHash`). WebCrypto has no incremental SHA-256, so the records
 * are hashed in two levels: the records, in file order, are cut into chunks of
 * `HASH_CHUNK_RECORDS` (1,000); each chunk's digest is SHA-256 of its records' canonical
 * JSON, each followed by "\n", in UTF-8; the bundle's hash is SHA-256 of those digests
 * concatenated (32 bytes each), written as lower-case hex. No records: SHA-256 of
 * nothing. The hash detects damage, not forgery (anyone can recompute it): every record
 * is validated on import whatever the hash says, and the passphrase's AES-GCM is what
 * authenticates an encrypted bundle.
 *
 * Versions. Version 2 holds records of shape 2 (lib/domain/record-upgrade.ts): a clock
 * per answer, per correction and per indicator value, ids on repeat instances and on
 * corrections. Version 1 (one clock per field) still imports: its records are upgraded
 * as they are read, after the hash is checked over the bytes as written.
 *
 * The document may then be gzip-compressed, and the result may be encrypted (see
 * encryption.ts); an importer tells them apart by their first bytes.
 */

import type { Kind } from '../domain/types';

export const FORMAT_NAME = 'piso-bundle';
/** The newest version this code writes and reads; a newer file is refused as 'bundle.tooNew'. */
export const FORMAT_VERSION = 2;
/** Bundles older than this hold records of shape 1, upgraded on import. */
export const FIRST_SHAPE_2_VERSION = 2;
export const HASH_CHUNK_RECORDS = 1000;
export const KINDS: readonly Kind[] = ['project', 'outcome', 'indicator', 'form', 'response'];

export type KindCounts = Record<Kind, number>;

/** What a bundle holds. */
export type BundleScope =
  | { type: 'all' }
  /** A project with its outcomes, their indicators, its forms and its responses. */
  | { type: 'project'; projectId: string }
  /** Every version of one form (by XLSForm form_id) and all its responses. */
  | { type: 'form'; formId: string }
  /** Records changed since the last bundle recorded as sent to `destination`. */
  | { type: 'changes'; destination: string; since: string | null };

export interface Manifest {
  /** Version of the app that wrote the bundle. */
  appVersion: string;
  /** deviceId of the device that wrote it. */
  deviceId: string;
  /** ISO time of writing. */
  createdAt: string;
  scope: BundleScope;
  counts: KindCounts;
  recordsHash: { algorithm: 'sha256-chunked'; chunkRecords: number; value: string };
  /** The greatest record clock in the bundle (null if empty): the checkpoint of 'changes'. */
  maxHlc: string | null;
}

export const emptyCounts = (): KindCounts => ({ project: 0, outcome: 0, indicator: 0, form: 0, response: 0 });

/** Line 1 of the document, up to and including the opening bracket of the records. */
export function headerLine(manifest: Manifest): string {
  return `{"format":${JSON.stringify(FORMAT_NAME)},"version":${FORMAT_VERSION},"manifest":${JSON.stringify(manifest)},"records":[\n`;
}

export const FOOTER_LINE = ']}';

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** Collects the chunk digests of the two-level records hash, in order. */
export class ChunkedHash {
  private digests: Uint8Array[] = [];

  /** `bytes`: one chunk's records, each as canonical JSON followed by "\n", in UTF-8. */
  async addChunk(bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    this.digests.push(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
  }

  async value(): Promise<string> {
    const all = new Uint8Array(this.digests.length * 32);
    this.digests.forEach((digest, i) => all.set(digest, i * 32));
    return hex(await crypto.subtle.digest('SHA-256', all));
  }
}
