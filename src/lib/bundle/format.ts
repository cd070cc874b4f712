/**
 * # BUNDLE_FORMAT (version 4)
 *
 * A bundle is one JSON document (DESIGN.md "Bundles"), laid out one record, one file
 * header and one piece of a file per line, so that it is written and read in chunks,
 * never as one string:
 *
 * ```
 * {"format":"piso-bundle","version":4,"manifest":{...,"files":{"count":2,"bytes":1048676,"included":true}},"records":[
 * {record 1 in canonical JSON}
 * ,{record 2}
 * ],"files":[
 * {"hash":"<sha256 hex>","type":"image/jpeg","size":1048576,"parts":2}
 * ,"<base64 of the first 786,432 bytes>"
 * ,"<base64 of the rest>"
 * ,{"hash":"<sha256 hex>","type":"image/png","size":100,"parts":1}
 * ,"<base64 of the 100 bytes>"
 * ]}
 * ```
 *
 * - Line 1 holds everything but the records and files; the manifest comes before them,
 *   so that an importer knows the format, version and counts before reading any record.
 * - Each record is its envelope and data in canonical JSON (keys sorted, see
 *   `canonicalJson`), without the fields that belong to one device (serverRev, dirty,
 *   seq, the responses' index fields). Records after the first start with a comma.
 * - The line `],"files":[` closes the records and opens the files: each file is a header
 *   object {"hash","type","size","parts"} (keys in that order; hash: SHA-256 of the bytes,
 *   lower-case hex) followed by exactly `parts` lines, each a JSON string holding the
 *   base64 (RFC 4648, with padding) of the next FILE_PART_BYTES (786,432) bytes of the
 *   file, the last holding the rest: a line is at most 1 MiB of base64. Every line of the
 *   files section but its first starts with a comma. A file of 0 bytes has one part, "".
 * - The last line is `]}` (no newline after it): a file without it was cut short.
 * - No records: line 1 is followed directly by `],"files":[`; no files: `],"files":[` is
 *   followed directly by `]}`.
 *
 * Which files (export.ts): those named by the bundle's live responses (their `ixFiles`)
 * that are on this device, each once, in the order first named. `manifest.files` says
 * how many files the files section holds and their bytes in total. A "records only"
 * bundle has `"included":false`, count 0, bytes 0 and an empty files section: the
 * receiving device shows "file not on this device" until a bundle or sync brings them.
 * Each file is checked on import against its own hash (lib/db/files.ts putArrivedFile).
 *
 * Hash (`manifest.recordsHash`), of the records only. WebCrypto has no incremental
 * SHA-256, so the records are hashed in two levels: the records, in file order, are cut
 * into chunks of `HASH_CHUNK_RECORDS` (1,000); each chunk's digest is SHA-256 of its
 * records' canonical JSON, each followed by "\n", in UTF-8; the bundle's hash is SHA-256
 * of those digests concatenated (32 bytes each), written as lower-case hex. No records:
 * SHA-256 of nothing. The hash detects damage, not forgery (anyone can recompute it):
 * every record is validated on import whatever the hash says, and the passphrase's
 * AES-GCM is what authenticates an encrypted bundle.
 *
 * Which entities (select.ts): a whole-device bundle and "changes since" carry them like
 * every record; a project bundle, the entities one of the project's forms visited (a
 * visit of the entity names that form's formId); a form bundle, every entity of the lists
 * the form declares (its entities sheet) or reads (select_*_from_file, instance()).
 *
 * Versions. Version 4 may hold entities (kind "entity", case management), and its
 * `manifest.counts` has `entity`, required. Versions 1 to 3 hold none: their counts
 * lack it and it counts as 0 (an entity record in one of them makes the counts wrong,
 * and the bundle is refused as tampered). Version 3 adds the files section and
 * `manifest.files`; versions 1 and 2 end with `]}` right after the records and carry no
 * files. Version 2 holds records of shape 2 (lib/domain/record-upgrade.ts): a clock per
 * answer, per correction and per indicator value, ids on repeat instances and on
 * corrections, as versions 3 and 4 do. Version 1 (one
 * clock per field) still imports: its records are upgraded as they are read, after the
 * hash is checked over the bytes as written.
 *
 * The document may then be gzip-compressed, and the result may be encrypted (see
 * encryption.ts); an importer tells them apart by their first bytes.
 */

import { RECORD_KINDS } from '../domain/schemas/envelope';
import type { Kind } from '../domain/types';

export const FORMAT_NAME = 'piso-bundle';
/** The newest version this code writes and reads; a newer file is refused as 'bundle.tooNew'. */
export const FORMAT_VERSION = 4;
/** Bundles older than this hold records of shape 1, upgraded on import. */
export const FIRST_SHAPE_2_VERSION = 2;
/** Bundles older than this have no files section: their records end with FOOTER_LINE. */
export const FIRST_FILES_VERSION = 3;
/** Bundles older than this hold no entities: their counts lack `entity`. */
export const FIRST_ENTITIES_VERSION = 4;
/** Bytes of a file per part line: their base64 is 1 MiB. */
export const FILE_PART_BYTES = 786_432;
export const HASH_CHUNK_RECORDS = 1000;
/** Every kind, in the order a whole-device bundle holds them: forms before their responses. */
export const KINDS: readonly Kind[] = RECORD_KINDS;

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
  /** The files section (version 3 on; absent in versions 1 and 2). */
  files?: FilesSummary;
}

/** What the files section holds: `count` files of `bytes` in total; none when not `included`. */
export interface FilesSummary {
  count: number;
  bytes: number;
  /** False for a "records only" bundle. */
  included: boolean;
}

/** The line before each file's parts. */
export interface FileHeader {
  hash: string;
  type: string;
  size: number;
  parts: number;
}

export const emptyCounts = (): KindCounts => ({ project: 0, outcome: 0, indicator: 0, form: 0, response: 0, entity: 0 });

/** Line 1 of the document, up to and including the opening bracket of the records. */
export function headerLine(manifest: Manifest): string {
  return `{"format":${JSON.stringify(FORMAT_NAME)},"version":${FORMAT_VERSION},"manifest":${JSON.stringify(manifest)},"records":[\n`;
}

/** The line that closes the records and opens the files section (version 3 on), without its newline. */
export const FILES_OPENING = '],"files":[';
export const FILES_LINE = `${FILES_OPENING}\n`;

/** How many part lines a file of `size` bytes takes (one, empty, for an empty file). */
export const partsOf = (size: number): number => Math.max(1, Math.ceil(size / FILE_PART_BYTES));

/** A file's header line; `first`: the first line of the files section (no comma). */
export function fileHeaderLine(file: Omit<FileHeader, 'parts'>, first: boolean): string {
  const header: FileHeader = { hash: file.hash, type: file.type, size: file.size, parts: partsOf(file.size) };
  return `${first ? '' : ','}${JSON.stringify(header)}\n`;
}

/** One part line: the base64 of up to FILE_PART_BYTES bytes (never the first line of the section). */
export const filePartLine = (base64: string): string => `,"${base64}"\n`;

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
