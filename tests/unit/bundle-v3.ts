// Version 3 bundles built by hand, as the format's contract lays them out (the files
// after the records: a header line, then base64 parts of at most 786,432 bytes), from
// the records of an exported bundle. Damage is made on purpose through the options.
import { sha256Hex } from '../../src/lib/domain/file-hash';

export const PART = 786_432;

export interface FixtureFile {
  bytes: Uint8Array;
  type: string;
  /** Claimed in the header instead of the bytes' own hash. */
  hash?: string;
  /** Claimed in the header instead of the bytes' length. */
  size?: number;
  /** Parts left out at the end (a truncated file). */
  dropParts?: number;
}

export const fileHash = (bytes: Uint8Array) => sha256Hex(bytes as Uint8Array<ArrayBuffer>);

/** Bytes that start as a JPEG does, then `seed`-dependent noise: distinct files of any size. */
export function jpegBytes(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  bytes.set([0xff, 0xd8, 0xff, 0xe0].slice(0, size));
  return bytes;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The files section's lines for these files (the first without a comma). */
async function fileLines(files: readonly FixtureFile[]): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) {
    const size = file.size ?? file.bytes.length;
    const parts = Math.max(1, Math.ceil(size / PART));
    const hash = file.hash ?? (await fileHash(file.bytes));
    out.push(`${out.length === 0 ? '' : ','}${JSON.stringify({ hash, type: file.type, size, parts })}`);
    const pieces: string[] = [];
    for (let at = 0; at < Math.max(1, file.bytes.length); at += PART) pieces.push(base64(file.bytes.subarray(at, at + PART)));
    for (const piece of pieces.slice(0, pieces.length - (file.dropParts ?? 0))) out.push(`,"${piece}"`);
  }
  return out;
}

/**
 * An exported bundle's text laid out as version 2 (records, then the end line): tests
 * that edit records by line number read either version the same way.
 */
export function asVersion2(text: string): string {
  const lines = text.split('\n');
  const end = lines.indexOf('],"files":[');
  if (end < 0) return text;
  const header = JSON.parse(lines[0] + ']}');
  header.version = 2;
  delete header.manifest.files;
  return [JSON.stringify(header).replace(/\]\}$/, ''), ...lines.slice(1, end), ']}'].join('\n');
}

/**
 * An exported bundle's text (either version) made version 3 with these files.
 * `included: false`: a "records only" bundle (no files section content).
 */
export async function toVersion3(exported: string, files: readonly FixtureFile[], options: { included?: boolean } = {}): Promise<string> {
  const lines = asVersion2(exported).split('\n');
  const header = JSON.parse(lines[0] + ']}');
  header.version = 3;
  const included = options.included ?? true;
  header.manifest.files = {
    count: included ? files.length : 0,
    bytes: included ? files.reduce((sum, file) => sum + file.bytes.length, 0) : 0,
    included,
  };
  const first = JSON.stringify(header).replace(/\]\}$/, '');
  const records = lines.slice(1, -1);
  return [first, ...records, '],"files":[', ...(included ? await fileLines(files) : []), ']}'].join('\n');
}
