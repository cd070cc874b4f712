// The files section of a version 3 or 4 bundle (format.ts): after the records, each file
// is a header line {"hash","type","size","parts"} and then `parts` lines, each a JSON
// string of the base64 of at most FILE_PART_BYTES bytes. A file is assembled as a Blob of
// its decoded parts, so that only one part is ever held in the JavaScript heap. One bad
// file refuses that file, not the bundle: its records are imported without it.

import { isSha256Hex } from '../domain/file-hash';
// The largest file a bundle may bring is the largest a device captures: checking a
// file's hash reads it whole into memory, and a 2 GB video must not take the phone.
import { MAX_FILE_BYTES } from '../domain/file-questions';
import { fromBase64 } from '../forms/expr/bytes';
import { BundleError } from './errors';
import { FILE_PART_BYTES, type FileHeader } from './format';

export type { FileHeader };

/** Why a file of the bundle was not stored (the i18n key under "bundleImport.fileRefused."). */
export type FileRefusalReason = 'damaged' | 'truncated' | 'tooLarge' | 'typeNotAccepted' | 'mismatch' | 'notNamed';

/** A file as read: its bytes, or why it cannot be stored (the header when it could be read). */
export type ArrivingFile = { header: FileHeader; blob: Blob } | { header?: FileHeader; refused: FileRefusalReason };

const COMMA = 0x2c;
const QUOTE = 0x22;
const BRACE = 0x7b;
const decoder = new TextDecoder('utf-8', { fatal: false });
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

function parseHeader(line: string): FileHeader | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object') return undefined;
  const { hash, type, size, parts } = raw as Record<string, unknown>;
  if (!isSha256Hex(hash) || typeof type !== 'string' || type.length > 255 || !MIME.test(type)) return undefined;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
  if (typeof parts !== 'number' || !Number.isSafeInteger(parts) || parts < Math.ceil(size / FILE_PART_BYTES) || parts > Math.max(1, size)) return undefined;
  return { hash, type, size, parts };
}

interface Current {
  header?: FileHeader;
  refused?: FileRefusalReason;
  pieces: Blob[];
  bytes: number;
  parts: number;
}

/**
 * Reads the files section line by line. `judge` may refuse a file from its header
 * alone (its type, its size): its parts are then skipped without being decoded.
 */
export class FilesReader {
  private current: Current | undefined;
  /** Files read so far. */
  done = 0;

  constructor(private readonly judge: (header: FileHeader) => FileRefusalReason | undefined = () => undefined) {}

  /** Takes one line of the section (without its newline); returns a file when the line ends it. */
  line(bytes: Uint8Array): ArrivingFile | undefined {
    const body = bytes[0] === COMMA ? bytes.subarray(1) : bytes;
    if (body[0] === BRACE) {
      const finished = this.finish();
      const header = parseHeader(decoder.decode(body));
      const refused = header === undefined ? 'damaged' : header.size > MAX_FILE_BYTES ? 'tooLarge' : this.judge(header);
      this.current = { header, refused, pieces: [], bytes: 0, parts: 0 };
      return finished;
    }
    if (body[0] !== QUOTE || this.current === undefined) throw new BundleError('bundle.corrupt', { reason: 'not a file part' });
    const file = this.current;
    file.parts++;
    if (file.refused !== undefined) return undefined;
    const { header } = file;
    const last = body[body.length - 1] === QUOTE && body.length >= 2;
    // Base64 needs no escapes: the string's text is what lies between the quotes.
    const data = last ? fromBase64(decoder.decode(body.subarray(1, body.length - 1))) : null;
    if (data === null || data.length > FILE_PART_BYTES || file.parts > header!.parts || file.bytes + data.length > header!.size) {
      file.refused = 'damaged';
      file.pieces = [];
      return undefined;
    }
    file.pieces.push(new Blob([data as Uint8Array<ArrayBuffer>]));
    file.bytes += data.length;
    return undefined;
  }

  /** At the end of the section: the last file. */
  end(): ArrivingFile | undefined {
    return this.finish();
  }

  private finish(): ArrivingFile | undefined {
    const file = this.current;
    this.current = undefined;
    if (file === undefined) return undefined;
    this.done++;
    const { header } = file;
    if (file.refused !== undefined || header === undefined) return { header, refused: file.refused ?? 'damaged' };
    if (file.parts < header.parts || file.bytes < header.size) return { header, refused: 'truncated' };
    return { header, blob: new Blob(file.pieces, { type: header.type }) };
  }
}
