// A captured file as a CouchDB document (issue 11.5): `file:<sha256>`, content-addressed,
// so two devices holding the same photo write the same document and none can conflict:
//
//   { _id: "file:<hash>", kind: "file", hash, type, size,
//     _attachments: { data: { content_type: type, length: size, ... } } }
//
// written once (a second write is a 409: it is there already), never changed. It is not
// a record: no clock, no merge; pull skips it (documents.ts fromDoc knows no kind 'file').
// It goes up as one multipart/related PUT, the JSON then the bytes, so the server stores
// document and attachment together (never a document without its bytes) and the browser
// streams the Blob from disk instead of holding it, or a base64 copy, in memory.

import type { CouchClient } from './couch-client';

export const FILE_DOC_PREFIX = 'file:';
/** The attachment holding the bytes. */
export const FILE_ATTACHMENT = 'data';

/** Ids per _all_docs request when asking which files the server has (about 35 KB of keys). */
export const CHECK_BATCH = 500;

export const fileDocId = (hash: string) => `${FILE_DOC_PREFIX}${hash}`;

/** A database path segment: the document's id, escaped (':' is kept out of the path). */
export const fileDocPath = (hash: string) => encodeURIComponent(fileDocId(hash));

/** A MIME type as a header may carry it; anything else (a damaged record) travels as bytes. */
function safeType(type: string): string {
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'application/octet-stream';
}

/** The body of the PUT that writes the document with its bytes, and its content type. */
export function multipartFileDoc(hash: string, blob: Blob, storedType: string): { data: Blob; type: string } {
  const type = safeType(storedType);
  const doc = {
    _id: fileDocId(hash),
    kind: 'file',
    hash,
    type,
    size: blob.size,
    _attachments: { [FILE_ATTACHMENT]: { follows: true, content_type: type, length: blob.size } },
  };
  const boundary = `piso-${crypto.randomUUID()}`;
  // CouchDB matches the parts to the `follows` attachments in order; PouchDB Server by
  // the part's file name: both are given.
  const head =
    `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(doc)}\r\n` +
    `--${boundary}\r\nContent-Disposition: attachment; filename="${FILE_ATTACHMENT}"\r\n` +
    `Content-Type: ${type}\r\nContent-Length: ${blob.size}\r\n\r\n`;
  return { data: new Blob([head, blob, `\r\n--${boundary}--\r\n`]), type: `multipart/related; boundary="${boundary}"` };
}

/** Of these hashes, those whose document the server holds (live), asked in batches of `batch`. */
export async function filesOnServer(client: CouchClient, hashes: readonly string[], batch = CHECK_BATCH): Promise<Set<string>> {
  const present = new Set<string>();
  for (let start = 0; start < hashes.length; start += batch) {
    const keys = hashes.slice(start, start + batch).map(fileDocId);
    const answer = await client.request<{ rows: { key: string; value?: { deleted?: boolean } }[] }>('POST', client.dbPath('_all_docs'), { keys });
    for (const row of answer.rows) if (row.value && !row.value.deleted) present.add(row.key.slice(FILE_DOC_PREFIX.length));
  }
  return present;
}
