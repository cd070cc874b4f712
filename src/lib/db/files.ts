// Captured files: Blobs in the `files` table, keyed by SHA-256, written once and never
// changed (content-addressed, so they need no merge and cannot conflict). An answer
// names a file by hash (domain/types.ts FileAnswer); responses index the hashes they
// name (`ixFiles`), so a file still named is found without reading any record.

import type { FileAnswer } from '../domain/types';
import { sha256Hex } from '../domain/file-hash';
import { database } from './database';

export interface StoredFile {
  hash: string;
  blob: Blob;
  type: string;
  size: number;
  /** ISO time it was first stored on this device (the grace period for unnamed files counts from it). */
  storedAt: string;
}

/** The file's address and description, hashed from its bytes. */
export async function describeFile(blob: Blob, name: string): Promise<FileAnswer> {
  const hash = await sha256Hex(await blob.arrayBuffer());
  return { hash, name, type: blob.type || 'application/octet-stream', size: blob.size };
}

/** The stored file, or undefined when it is not on this device. */
export async function getFile(hash: string): Promise<StoredFile | undefined> {
  return database().files.get(hash);
}

/** Of these hashes, those whose file is not on this device, in the order given. */
export async function missingFiles(hashes: readonly string[]): Promise<string[]> {
  const unique = [...new Set(hashes)];
  const found = await database().files.bulkGet(unique);
  return unique.filter((_, i) => found[i] === undefined);
}

export type ArrivedFile = 'stored' | 'present' | 'mismatch';

/**
 * Stores a file that arrived by bundle or sync under the hash it claims, after checking
 * that its bytes have that hash: 'mismatch' (damaged or forged) stores nothing.
 * A file already here is left alone ('present'): files never change.
 */
export async function putArrivedFile(hash: string, blob: Blob, now: string): Promise<ArrivedFile> {
  const table = database().files;
  if (await table.get(hash)) return 'present';
  if ((await sha256Hex(await blob.arrayBuffer())) !== hash) return 'mismatch';
  await table.put({ hash, blob, type: blob.type || 'application/octet-stream', size: blob.size, storedAt: now });
  return 'stored';
}
