// Photos through sync (issue 11.5) between devices (browser contexts) and one in-memory
// CouchDB-compatible server: a device that downloads every file gets the photo with the
// response; one that downloads only what it opens does not, until the response is shown;
// a device sends its photos up after the responses that name them.
import { createHash } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { PisoServer } from '../../src/server/server.mjs';
import { multipartFileDoc, fileDocId } from '../../src/lib/sync/file-doc';
import { storedResponse } from './helpers';
import { ADMIN, createDatabase, device as signedInDevice, startServer, synced } from './sync-helpers';

// Each spec file its own port (specs run side by side): PISO_SYNC_PORT is sync.spec's, this one is four on.
const SERVER_PORT = Number(process.env.PISO_SYNC_PORT ?? 5991) + 4;
const DATABASE = 'e2e-files';
let server: PisoServer;

const HLC = '2026-03-01T00:00:00.000Z-0000-e2e';
const envelope = (id: string, kind: string, fields: Record<string, unknown>, clocked = Object.keys(fields)) => ({
  ...fields,
  _id: id,
  id,
  kind,
  hlc: HLC,
  fieldHlc: Object.fromEntries([...clocked, 'deleted'].map((key) => [key, HLC])),
  deviceId: 'e2e',
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  deleted: false,
  pisoShape: 2,
});

const QUESTION = 'Foto de la vivienda';
const FORM = {
  formId: 'e2e_photos',
  version: '1',
  title: { es: 'Fotos de prueba', en: 'Test photos' },
  languages: ['es', 'en'],
  defaultLanguage: 'es',
  warnings: [],
  questions: [{ type: 'image', name: 'photo', label: { es: QUESTION, en: 'Photo of the house' } }],
  choices: {},
};

/** A 1×1 PNG, as another device took it. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PHOTO = { hash: createHash('sha256').update(PNG).digest('hex'), name: 'casa.png', type: 'image/png', size: PNG.length };
const SENT_ID = 'r-e2e-photo';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({}, info) => {
  server = await startServer(SERVER_PORT, String(info.project.use.baseURL));
  await createDatabase(server, DATABASE);
  // What another device pushed: the form, a response naming the photo, and the photo.
  const response = {
    formId: FORM.formId,
    formVersion: '1',
    projectId: null,
    status: 'finalized',
    answers: { photo: PHOTO },
    startedAt: '2026-03-01T12:00:00.000Z',
    finalizedAt: '2026-03-01T12:20:00.000Z',
    enumerator: 'Ana',
    history: [],
  };
  // One clock per answer (shape 2), as a device writes it.
  const clocked = [...Object.keys(response).filter((key) => key !== 'answers' && key !== 'history'), 'answers/photo'];
  const docs = [envelope('form-e2e-photos', 'form', FORM), envelope(SENT_ID, 'response', response, clocked)];
  const put = await fetch(`${server.url}/${DATABASE}/_bulk_docs`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ docs }) });
  expect(put.ok).toBe(true);
  const body = multipartFileDoc(PHOTO.hash, new Blob([PNG], { type: PHOTO.type }), PHOTO.type);
  const file = await fetch(`${server.url}/${DATABASE}/${encodeURIComponent(fileDocId(PHOTO.hash))}`, {
    method: 'PUT',
    headers: { authorization: ADMIN.authorization, 'content-type': body.type },
    body: body.data,
  });
  expect(file.status).toBe(201);
});
test.afterAll(() => server.close());

const device = (browser: Browser) => signedInDevice(browser, server, DATABASE);

/** A file as stored on the device (its bytes' SHA-256 and size), read straight from IndexedDB; null when absent. */
function storedFile(page: Page, hash: string): Promise<{ sha256: string; size: number; type: string } | null> {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('piso');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('files').objectStore('files').get(key);
          get.onerror = () => reject(get.error);
          get.onsuccess = async () => {
            open.result.close();
            const file = get.result as { blob: Blob; type: string } | undefined;
            if (!file) return resolve(null);
            const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.blob.arrayBuffer()));
            resolve({ sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''), size: file.blob.size, type: file.type });
          };
        };
      }),
    hash,
  );
}

test('a device that downloads every file gets the photo with the response, one that downloads what it opens does not; a database made anew gets the photo again, refused first and sent once the server takes files', async ({ browser }) => {
  const laptop = await device(browser);
  const phone = await device(browser);

  // Both have the response; neither has the photo: "only those I open" is the default.
  for (const { page } of [laptop, phone]) {
    expect((await storedResponse(page, SENT_ID))?.answers).toEqual({ photo: PHOTO });
    expect(await storedFile(page, PHOTO.hash)).toBeNull();
  }
  await laptop.page.goto('/#/settings');
  const setting = laptop.page.getByRole('group', { name: 'Qué fotos, audios, vídeos y archivos de otros dispositivos descarga este' });
  await expect(setting.getByRole('radio', { name: 'Solo los que abro' })).toBeChecked();
  await setting.getByRole('radio', { name: 'Todos, después de cada sincronización' }).check();
  // Choosing "every file" syncs at once; the photo arrives, checked against its hash.
  await expect.poll(() => storedFile(laptop.page, PHOTO.hash)).toEqual({ sha256: PHOTO.hash, size: PHOTO.size, type: 'image/png' });
  await laptop.page.reload();
  await expect(setting.getByRole('radio', { name: 'Todos, después de cada sincronización' })).toBeChecked();

  await synced(phone.page);
  expect(await storedFile(phone.page, PHOTO.hash)).toBeNull();

  // The server's database is made anew, empty: the laptop sends everything again, the photo
  // too (from the browser: one multipart document with the bytes), after the response.
  await fetch(`${server.url}/${DATABASE}`, { method: 'DELETE', headers: ADMIN });
  await createDatabase(server, DATABASE);
  // First the server refuses files (a rule of its own): said so, the photo kept, sent later.
  const rule = { validate_doc_update: "function (doc) { if (doc.kind === 'file') throw({ forbidden: 'no files yet' }); }" };
  const design = await (await fetch(`${server.url}/${DATABASE}/_design/team`, { method: 'PUT', headers: ADMIN, body: JSON.stringify(rule) })).json();
  await synced(laptop.page);
  await expect(laptop.page.getByTestId('sync-files-refused')).toContainText(
    'El servidor rechazó 1 archivo: sigue en este dispositivo y se enviará de nuevo en la próxima sincronización.',
  );
  expect(await storedFile(laptop.page, PHOTO.hash)).toMatchObject({ sha256: PHOTO.hash });
  await fetch(`${server.url}/${DATABASE}/_design/team?rev=${design.rev}`, { method: 'DELETE', headers: ADMIN });
  await synced(laptop.page);
  await expect(laptop.page.getByTestId('sync-files-refused')).toHaveCount(0);
  const onServer = await fetch(`${server.url}/${DATABASE}/${encodeURIComponent(fileDocId(PHOTO.hash))}/data`, { headers: ADMIN });
  expect(onServer.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await onServer.arrayBuffer()).equals(PNG)).toBe(true);
  expect((await (await fetch(`${server.url}/${DATABASE}/${SENT_ID}`, { headers: ADMIN })).json()).answers).toEqual({ photo: PHOTO });
});

// NEEDS MEDIA (issue 11.2 and 11.7): the fill screen's photo input storing the file, and the
// response page's FileView showing files, with sync's FileNotHere (src/components) where a
// file is not on this device. Until both are merged this test cannot pass in the filesync
// branch: on a scratch merge of media's branch with FileView's not-here note replaced by
// `<FileNotHere {file} />`, it passed. Then drop `.fixme`.
test.fixme('two devices: a photo taken on one is pushed after its response, and fetched on the other when its response is opened (offline: when the connection is back)', async ({ browser }) => {
  const a = await device(browser);
  const b = await device(browser);

  await a.page.goto('/#/forms');
  await a.page.getByRole('link', { name: `Iniciar entrevista: ${FORM.title.es}` }).click();
  await expect(a.page).toHaveURL(/#\/fill\/[0-9a-f-]{36}$/);
  const id = a.page.url().split('/').pop()!;
  const taken = { name: 'vivienda.png', mimeType: 'image/png', buffer: PNG };
  await a.page.getByRole('group', { name: QUESTION }).locator('input[type=file]').first().setInputFiles(taken);
  await expect.poll(async () => ((await storedResponse(a.page, id))?.answers as { photo?: { hash: string } } | undefined)?.photo?.hash).toMatch(/^[0-9a-f]{64}$/);
  await a.page.getByRole('button', { name: 'Siguiente' }).click();
  await a.page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  await expect(a.page.getByText('Entrevista finalizada y guardada.')).toBeVisible();
  const hash = ((await storedResponse(a.page, id))!.answers as { photo: { hash: string } }).photo.hash;
  await synced(a.page);
  const onServer = await fetch(`${server.url}/${DATABASE}/${encodeURIComponent(fileDocId(hash))}/data`, { headers: ADMIN });
  expect(createHash('sha256').update(Buffer.from(await onServer.arrayBuffer())).digest('hex')).toBe(hash);

  await synced(b.page);
  expect(await storedFile(b.page, hash)).toBeNull();
  // Opened offline: not on this device, and said so; fetched once the connection is back,
  // the photo then in its place.
  await b.context.setOffline(true);
  await b.page.goto(`/#/responses/${id}`);
  const notHere = b.page.getByTestId('file-not-here');
  await expect(notHere).toContainText('Este archivo no está en este dispositivo.');
  await expect(notHere).toContainText('Sin conexión con el servidor: se descargará cuando vuelva la conexión.');
  expect((await new AxeBuilder({ page: b.page }).include('main').analyze()).violations).toEqual([]);
  await b.context.setOffline(false);
  await expect(b.page.getByRole('button', { name: new RegExp(QUESTION) })).toBeVisible();
  await expect(notHere).toHaveCount(0);
  expect(await storedFile(b.page, hash)).toMatchObject({ sha256: hash });
});
