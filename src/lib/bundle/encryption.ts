// Passphrase encryption of a bundle file: a key from PBKDF2-SHA256, then AES-GCM.
//
// The payload is cut into segments of SEGMENT_BYTES, each its own AES-GCM message, so
// that neither side ever holds the whole bundle in one buffer (a 100,000-response
// bundle is 30 MB gzipped, 156 MB not). Each segment's additional data is the header,
// its index and a last-segment flag, so segments cannot be reordered, dropped or cut
// off at a segment boundary without the tag failing. Layout, big-endian:
//
//   magic "PISOENC" (7) | container version 1 (1) | PBKDF2 iterations (4) | salt (16)
//   | IV prefix (8) | segment size (4)            -- the 40-byte header
//   | key check (16): the AES-GCM tag of an empty message with IV prefix ‖ FFFFFFFF
//   | segments: ciphertext ‖ tag; IV = prefix ‖ segment index
//
// The key check tells a wrong passphrase apart from a damaged file.

import { BundleError } from './errors';

const MAGIC = [...'PISOENC'].map((c) => c.charCodeAt(0));
const CONTAINER_VERSION = 1;
const HEADER_BYTES = 40;
const TAG_BYTES = 16;
const SEGMENT_BYTES = 1 << 20;
const CHECK_INDEX = 0xffffffff;
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about half a second on a low-end phone. */
export const DEFAULT_ITERATIONS = 600_000;
export const MIN_ITERATIONS = 210_000;
/** A hostile file must not make us derive a key for minutes. */
const MAX_ITERATIONS = 10_000_000;
export const MIN_PASSPHRASE_LENGTH = 8;

export function isEncrypted(head: Uint8Array): boolean {
  return MAGIC.every((byte, i) => head[i] === byte);
}

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  // NFC, so that "é" typed as one or two code points is the same passphrase.
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function iv(prefix: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(12);
  bytes.set(prefix);
  new DataView(bytes.buffer).setUint32(8, index);
  return bytes;
}

function additionalData(header: Uint8Array, index: number, last: boolean): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(HEADER_BYTES + 5);
  bytes.set(header);
  new DataView(bytes.buffer).setUint32(HEADER_BYTES, index);
  bytes[HEADER_BYTES + 4] = last ? 1 : 0;
  return bytes;
}

export async function encrypt(plain: Blob, passphrase: string, iterations = DEFAULT_ITERATIONS): Promise<Blob> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new BundleError('bundle.passphraseTooShort', { min: MIN_PASSPHRASE_LENGTH });
  if (iterations < MIN_ITERATIONS) throw new RangeError(`PBKDF2 needs at least ${MIN_ITERATIONS} iterations`);
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(MAGIC);
  header[7] = CONTAINER_VERSION;
  view.setUint32(8, iterations);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const prefix = crypto.getRandomValues(new Uint8Array(8));
  header.set(salt, 12);
  header.set(prefix, 28);
  view.setUint32(36, SEGMENT_BYTES);

  const key = await deriveKey(passphrase, salt, iterations);
  const seal = (data: Uint8Array<ArrayBuffer>, index: number, ad: Uint8Array<ArrayBuffer>) =>
    crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv(prefix, index), additionalData: ad }, key, data);
  const parts: BlobPart[] = [header, await seal(new Uint8Array(0), CHECK_INDEX, header)];
  const count = Math.max(1, Math.ceil(plain.size / SEGMENT_BYTES));
  for (let index = 0; index < count; index++) {
    const data = new Uint8Array(await plain.slice(index * SEGMENT_BYTES, (index + 1) * SEGMENT_BYTES).arrayBuffer());
    // A Blob per segment lets the browser move it out of the JavaScript heap.
    parts.push(new Blob([await seal(data, index, additionalData(header, index, index === count - 1))]));
  }
  return new Blob(parts);
}

/**
 * The plain bytes of a sealed bundle as a stream, one segment at a time. The passphrase
 * is checked first (a wrong one throws here); a damaged or cut segment errors the
 * stream with a BundleError when it is reached.
 */
export async function decryptStream(sealed: Blob, passphrase: string | undefined): Promise<ReadableStream<Uint8Array>> {
  if (passphrase === undefined || passphrase === '') throw new BundleError('bundle.passphraseRequired');
  if (sealed.size < HEADER_BYTES + TAG_BYTES * 2) throw new BundleError('bundle.truncated');
  const header = new Uint8Array(await sealed.slice(0, HEADER_BYTES).arrayBuffer());
  const view = new DataView(header.buffer);
  if (header[7] !== CONTAINER_VERSION) throw new BundleError('bundle.tooNew', { version: header[7], supported: CONTAINER_VERSION });
  const iterations = view.getUint32(8);
  const segmentBytes = view.getUint32(36);
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || segmentBytes < 1024 || segmentBytes > 64 << 20) {
    throw new BundleError('bundle.corrupt', { reason: 'encryption header' });
  }
  const prefix = header.slice(28, 36);
  const key = await deriveKey(passphrase, header.slice(12, 28), iterations);
  const open = async (index: number, ad: Uint8Array<ArrayBuffer>, from: number, to: number) =>
    new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: iv(prefix, index), additionalData: ad },
        key,
        await sealed.slice(from, to).arrayBuffer(),
      ),
    );

  try {
    await open(CHECK_INDEX, header, HEADER_BYTES, HEADER_BYTES + TAG_BYTES);
  } catch {
    throw new BundleError('bundle.wrongPassphrase');
  }
  const start = HEADER_BYTES + TAG_BYTES;
  const sealedSegment = segmentBytes + TAG_BYTES;
  const count = Math.ceil((sealed.size - start) / sealedSegment);
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index >= count) return controller.close();
      const from = start + index * sealedSegment;
      const to = Math.min(from + sealedSegment, sealed.size);
      const last = index === count - 1;
      try {
        controller.enqueue(await open(index, additionalData(header, index, last), from, to));
      } catch {
        // A segment that opens as "not the last" means the file was cut after it.
        const cut = last && (await open(index, additionalData(header, index, false), from, to).then(() => true, () => false));
        throw new BundleError(cut ? 'bundle.truncated' : 'bundle.tampered');
      }
      index++;
    },
  });
}
