// The server's check (validate_doc_update) and the file documents devices write
// (lib/sync/file-doc.ts), against the in-memory CouchDB-compatible server: what the
// app sends is accepted, a file document without its bytes or changed later is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PisoServer } from '../../src/server/server.mjs';
import { fileDocId } from '../../src/lib/sync/file-doc';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { setUpServer } from '../../src/server/setup-server.mjs';
import { photo, responseWithPhotos } from './file-fixtures';
import { device, newServerDatabase, startServer } from './sync-fixtures';

let server: PisoServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe("the server's check (validate_doc_update)", () => {
  it('accepts a file document as devices write it, and refuses one with a bad id, without its bytes, or changed', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    await setUpServer({ url: server.url, database: name, log: () => {} });
    const p = await photo(50);
    await responseWithPhotos(a, [p]);
    expect((await syncOnce(a.client, a.db)).files).toMatchObject({ uploaded: 1, refused: 0 });

    const other = await photo(51);
    const put = (doc: Record<string, unknown>) =>
      fetch(`${server.url}/${name}/${encodeURIComponent(String(doc._id))}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(doc),
      }).then((response) => response.status);
    const bytes = { data: { content_type: 'image/jpeg', data: Buffer.from(await other.blob.arrayBuffer()).toString('base64') } };
    const shaped = { kind: 'file', hash: other.answer.hash, type: 'image/jpeg', size: other.answer.size };
    expect(await put({ _id: 'file:not-a-hash', ...shaped, _attachments: bytes })).toBe(403);
    expect(await put({ _id: fileDocId(other.answer.hash), ...shaped })).toBe(403); // no bytes
    expect(await put({ _id: fileDocId(other.answer.hash), ...shaped, _attachments: bytes })).toBe(201);
    const doc = await a.client.request<Record<string, unknown>>('GET', a.client.dbPath(encodeURIComponent(fileDocId(p.answer.hash))));
    const changed = await fetch(`${server.url}/${name}/${encodeURIComponent(fileDocId(p.answer.hash))}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...doc, type: 'text/plain' }),
    });
    expect(changed.status).toBe(403);
  });
});
