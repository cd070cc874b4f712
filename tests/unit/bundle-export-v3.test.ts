// The bundle writer against the contract of versions 3 and 4 (RULES / format.ts: version
// 4 is version 3's layout with entities, `manifest.counts.entity`), read back by a
// parser written here from the contract alone, line by line: not by the app's reader.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportBundle, lastSent, markDelivered } from '../../src/lib/bundle';
import { writeBundle } from '../../src/lib/bundle/export';
import { lastBackup } from '../../src/lib/db/backup';
import { putArrivedFile } from '../../src/lib/db/files';
import type { PisoDatabase } from '../../src/lib/db/database';
import type { FileAnswer } from '../../src/lib/domain/types';
import { blobText, dumpAll, freshDatabase, populate, projectData, repos, responseData } from './bundle-fixtures';

const PART = 786_432;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A stored file of `size` pseudo-random bytes, and the answer that names it. */
async function storeFile(size: number, seed: number, name: string, type = 'image/jpeg'): Promise<{ bytes: Uint8Array; answer: FileAnswer }> {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  const hash = sha256(bytes);
  expect(await putArrivedFile(hash, new Blob([bytes], { type }), '2026-11-20T10:00:00.000Z')).toBe('stored');
  return { bytes, answer: { hash, name, type, size } };
}

interface ParsedFile {
  header: { hash: string; type: string; size: number; parts: number };
  bytes: Uint8Array;
}

/** The document as the contract lays it out; throws on any line out of place. */
function parseV3(text: string) {
  const lines = text.split('\n');
  const first = /^\{"format":"piso-bundle","version":4,"manifest":(\{.*\}),"records":\[$/.exec(lines[0]);
  if (!first) throw new Error(`line 1: ${lines[0].slice(0, 80)}`);
  const manifest = JSON.parse(first[1]);
  if (!Number.isInteger(manifest.counts.entity)) throw new Error('line 1: no counts.entity');
  let i = 1;
  const records: string[] = [];
  for (; lines[i] !== '],"files":['; i++) {
    if (i >= lines.length) throw new Error('no files line');
    const line = lines[i];
    if ((records.length === 0) === line.startsWith(',')) throw new Error(`record line ${i + 1}: comma`);
    records.push(records.length === 0 ? line : line.slice(1));
  }
  i++;
  const files: ParsedFile[] = [];
  let firstInSection = true;
  for (; lines[i] !== ']}'; ) {
    const headerLine = lines[i++];
    if (firstInSection === headerLine.startsWith(',')) throw new Error(`file header line ${i}: comma`);
    const header = JSON.parse(firstInSection ? headerLine : headerLine.slice(1));
    firstInSection = false;
    expect(Object.keys(header)).toEqual(['hash', 'type', 'size', 'parts']);
    const chunks: Buffer[] = [];
    for (let p = 0; p < header.parts; p++) {
      const part = lines[i++];
      const match = /^,"([A-Za-z0-9+/]*={0,2})"$/.exec(part);
      if (!match) throw new Error(`part line ${i}: ${part.slice(0, 40)}`);
      // At most 1 MiB of base64, with its comma and quotes around it.
      expect(match[1].length).toBeLessThanOrEqual(1 << 20);
      const bytes = Buffer.from(match[1], 'base64');
      // Every part but the last holds exactly 786,432 bytes.
      expect(bytes.length).toBe(p < header.parts - 1 ? PART : header.size - PART * (header.parts - 1));
      chunks.push(bytes);
    }
    files.push({ header, bytes: new Uint8Array(Buffer.concat(chunks)) });
  }
  expect(i).toBe(lines.length - 1); // `]}` is the last line, with nothing after it
  return { manifest, records, files };
}

/**
 * Opens an encrypted bundle as encryption.ts's comment lays the container out, with
 * WebCrypto directly: header (magic, version, iterations, salt, IV prefix, segment size),
 * key check, then segments sealed with AES-GCM (IV prefix ‖ index; additional data the
 * header ‖ index ‖ last flag).
 */
async function openSealed(sealed: Uint8Array, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
  const header = sealed.slice(0, 40);
  const view = new DataView(header.buffer);
  expect(new TextDecoder().decode(header.slice(0, 7))).toBe('PISOENC');
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: header.slice(12, 28), iterations: view.getUint32(8) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt'],
  );
  const segment = view.getUint32(36) + 16;
  const start = 40 + 16;
  const count = Math.ceil((sealed.length - start) / segment);
  const out: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const iv = new Uint8Array(12);
    iv.set(header.slice(28, 36));
    new DataView(iv.buffer).setUint32(8, index);
    const ad = new Uint8Array(45);
    ad.set(header);
    new DataView(ad.buffer).setUint32(40, index);
    ad[44] = index === count - 1 ? 1 : 0;
    const data = sealed.slice(start + index * segment, start + (index + 1) * segment);
    out.push(new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: ad }, key, data)));
  }
  return new Uint8Array(Buffer.concat(out));
}

/** The contract's records hash: SHA-256 per 1,000 records ("record\n" each), then of the digests. */
function recordsHash(records: string[]): string {
  const digests = [];
  for (let i = 0; i < records.length; i += 1000) {
    digests.push(createHash('sha256').update(records.slice(i, i + 1000).map((r) => `${r}\n`).join('')).digest());
  }
  return createHash('sha256').update(Buffer.concat(digests)).digest('hex');
}

/** Responses naming files: a big photo (two parts), a small one inside a repeat, one not on this device. */
async function withFiles(db: PisoDatabase) {
  const made = await populate(db);
  const big = await storeFile(PART + 1000, 1, 'casa.jpg');
  const small = await storeFile(100, 2, 'firma.png', 'image/png');
  const absent: FileAnswer = { hash: 'a'.repeat(64), name: 'lost.jpg', type: 'image/jpeg', size: 10 };
  const base = responseData('coverage', made.project.id);
  const one = await repos(db).responses.create({ ...base, answers: { ...base.answers, photo: big.answer, member: [{ age: '3', sign: small.answer }] } });
  await repos(db).responses.create({ ...base, answers: { ...base.answers, photo: big.answer, other: absent } });
  // A deleted response's files do not travel.
  const gone = await storeFile(50, 3, 'borrada.jpg');
  const deleted = await repos(db).responses.create({ ...base, answers: { ...base.answers, photo: gone.answer } });
  await repos(db).responses.remove(deleted.id);
  return { made, big, small, one };
}

describe('bundle format version 4, as written', () => {
  it('puts the files named by the live responses after the records, each a header and base64 parts', async () => {
    const db = await freshDatabase();
    const { big, small } = await withFiles(db);
    const { blob, manifest } = await exportBundle({ type: 'all' }, { db });
    const text = await blobText(blob);
    const parsed = parseV3(text);
    expect(parsed.manifest).toEqual(manifest);
    expect(parsed.manifest.files).toEqual({ count: 2, bytes: big.bytes.length + small.bytes.length, included: true });
    expect(parsed.manifest.recordsHash.value).toBe(recordsHash(parsed.records));
    expect(parsed.records).toHaveLength(12);
    expect(parsed.records.every((r) => !r.includes('"ixFiles"'))).toBe(true);
    // Once each, with their bytes.
    expect(parsed.files.map((f) => f.header).sort((a, b) => b.size - a.size)).toEqual([
      { hash: big.answer.hash, type: 'image/jpeg', size: big.bytes.length, parts: 2 },
      { hash: small.answer.hash, type: 'image/png', size: 100, parts: 1 },
    ]);
    for (const file of parsed.files) expect(sha256(file.bytes)).toBe(file.header.hash);
    // And the whole is one JSON document.
    const document = JSON.parse(text);
    expect(document.files).toHaveLength(2 + 1 + 2);
    expect(document.records).toHaveLength(12);
  });

  it('writes a records-only bundle: files not included, an empty files section', async () => {
    const db = await freshDatabase();
    await withFiles(db);
    const full = await exportBundle({ type: 'all' }, { db });
    const { blob, manifest } = await exportBundle({ type: 'all' }, { db, recordsOnly: true });
    expect(manifest.files).toEqual({ count: 0, bytes: 0, included: false });
    const text = await blobText(blob);
    expect(text.endsWith('\n],"files":[\n]}')).toBe(true);
    const parsed = parseV3(text);
    expect(parsed.files).toEqual([]);
    expect(parsed.manifest.recordsHash).toEqual(full.manifest.recordsHash);
    expect(blob.size).toBeLessThan(full.blob.size / 10);
  });

  it('lays out a bundle of nothing as the contract says', async () => {
    const db = await freshDatabase();
    const { blob } = await exportBundle({ type: 'changes', destination: 'nobody' }, { db });
    await markDelivered(await exportBundle({ type: 'changes', destination: 'nobody' }, { db }), db);
    const empty = await blobText((await exportBundle({ type: 'changes', destination: 'nobody' }, { db })).blob);
    expect(empty.split('\n').slice(1)).toEqual(['],"files":[', ']}']);
    expect(parseV3(empty).records).toEqual([]);
    expect(parseV3(await blobText(blob)).files).toEqual([]);
  });

  it('brings, in a "changes since" bundle, the files named by the records it holds', async () => {
    const db = await freshDatabase();
    const { made, big } = await withFiles(db);
    await markDelivered(await exportBundle({ type: 'changes', destination: 'office' }, { db }), db);
    const fresh = await storeFile(2000, 4, 'nueva.jpg');
    const base = responseData('coverage', made.project.id);
    await repos(db).responses.create({ ...base, answers: { ...base.answers, photo: fresh.answer, again: big.answer } });
    const parsed = parseV3(await blobText((await exportBundle({ type: 'changes', destination: 'office' }, { db })).blob));
    expect(parsed.records).toHaveLength(1);
    expect(parsed.files.map((f) => f.header.hash).sort()).toEqual([fresh.answer.hash, big.answer.hash].sort());
  });

  it('writes the same document gzipped and encrypted', async () => {
    const db = await freshDatabase();
    await withFiles(db);
    const now = new Date('2026-11-21T08:00:00.000Z');
    const plain = await blobText((await exportBundle({ type: 'all' }, { db, now })).blob);
    const sealed = await exportBundle({ type: 'all' }, { db, now, gzip: true, passphrase: 'correct horse', iterations: 210_000 });
    const opened = new Blob([await openSealed(new Uint8Array(await sealed.blob.arrayBuffer()), 'correct horse')]);
    const unzipped = await new Response(opened.stream().pipeThrough(new DecompressionStream('gzip'))).text();
    expect(unzipped).toBe(plain);
    const gz = await exportBundle({ type: 'all' }, { db, now, gzip: true });
    expect(await new Response(gz.blob.stream().pipeThrough(new DecompressionStream('gzip'))).text()).toBe(plain);
  });
});

describe('a cancelled bundle export', () => {
  it('aborts its destination and moves no checkpoint', async () => {
    const db = await freshDatabase();
    await withFiles(db);
    await markDelivered(await exportBundle({ type: 'changes', destination: 'usb' }, { db }), db);
    await repos(db).projects.create(projectData('NEW/1'));
    const before = await dumpAll(db);
    const sent = await lastSent('usb', db);
    const backedUp = await lastBackup(db);
    for (const stage of ['records', 'files'] as const) {
      const cancel = new AbortController();
      const written: Uint8Array[] = [];
      let aborted: unknown;
      const destination = new WritableStream<Uint8Array>({ write: (chunk) => void written.push(chunk), abort: (reason) => void (aborted = reason) });
      const scope = stage === 'records' ? ({ type: 'changes', destination: 'usb' } as const) : ({ type: 'all' } as const);
      const exporting = writeBundle(scope, destination, {
        db,
        signal: cancel.signal,
        onProgress: (_done, _total, at) => at === stage && cancel.abort(),
      });
      await expect(exporting).rejects.toMatchObject({ name: 'AbortError' });
      expect(aborted).toMatchObject({ name: 'AbortError' });
      expect(await lastSent('usb', db)).toBe(sent);
      expect(await lastBackup(db)).toBe(backedUp);
      expect(await dumpAll(db)).toBe(before);
    }
  });
});
