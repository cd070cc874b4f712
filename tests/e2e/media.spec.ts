// Photos, signatures and files captured offline (issue 11): a 12-megapixel photo scaled
// down to the question's max-pixels, stored with its answer, still there after a reload;
// a signature drawn with the pointer, undone, saved and shown; a file type the question
// does not take refused; a full device refusing a photo with nothing else lost.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Question } from '../../src/lib/domain/types';
import { bundleText, record } from './bundle-file';
import { twelveMegapixelJpeg } from '../generated-photo.mjs';
import { openControlled, storedResponse } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

const es = (text: string) => ({ es: text });
const TITLE = 'Fotos y firmas';
const QUESTIONS: Question[] = [
  { type: 'text', name: 'name', label: es('Nombre') },
  { type: 'image', name: 'photo', label: es('Foto de la vivienda'), parameters: { 'max-pixels': '1024' } },
  { type: 'image', name: 'sign', label: es('Firma'), appearance: 'signature' },
  { type: 'file', name: 'doc', label: es('Acta en PDF'), extraAttributes: { 'body::accept': '.pdf' } },
];

async function bundleFile(): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const form = record('form', 'form-media', {
    formId: 'media',
    version: '1',
    title: es(TITLE),
    languages: ['es'],
    defaultLanguage: 'es',
    questions: QUESTIONS,
    choices: {},
    warnings: [],
    projectId: null,
  });
  return { name: 'media.json', mimeType: 'application/json', buffer: Buffer.from(await bundleText([form])) };
}

/** The stored file's type, size and decoded pixel size, read from IndexedDB behind the app's back. */
async function storedImage(page: Page, hash: string): Promise<{ type: string; size: number; width: number; height: number } | null> {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('piso');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('files').objectStore('files').get(key);
          get.onsuccess = async () => {
            open.result.close();
            const file = get.result as { blob: Blob; type: string; size: number } | undefined;
            if (!file) return resolve(null);
            const bitmap = await createImageBitmap(file.blob);
            resolve({ type: file.type, size: file.blob.size, width: bitmap.width, height: bitmap.height });
          };
          get.onerror = () => reject(get.error);
        };
      }),
    hash,
  );
}

async function startInterview(page: Page): Promise<string> {
  await openControlled(page, '/#/bundles/import');
  await page.context().setOffline(true);
  await page.getByLabel('Archivo del paquete').setInputFiles(await bundleFile());
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();
  await page.goto('/#/forms');
  await page.getByRole('link', { name: `Iniciar entrevista: ${TITLE}` }).click();
  await expect(page).toHaveURL(/#\/fill\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

const next = (page: Page) => page.getByRole('button', { name: 'Siguiente' }).click();

test('a 12-megapixel photo is scaled to max-pixels, stored with its answer, and still there after a reload', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await startInterview(page);
  await page.getByLabel('Nombre').fill('Rosa');
  await next(page);

  const jpeg = await twelveMegapixelJpeg(page, 1);
  await page.getByLabel('Elegir un archivo').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await expect(page.getByRole('img', { name: 'Vista previa de IMG_0001.jpg' })).toBeVisible();
  await expect.poll(async () => (await storedResponse(page, id))?.answers.photo?.hash, { timeout: 30_000 }).toMatch(/^[0-9a-f]{64}$/);
  const answer = (await storedResponse(page, id))!.answers.photo;
  expect(answer).toMatchObject({ name: 'IMG_0001.jpg', type: 'image/jpeg' });
  expect(answer.size).toBeLessThan(jpeg.length);

  await page.reload();
  // Back on the photo's screen, shown from this device's storage.
  await expect(page.getByRole('button', { name: 'Abrir Foto de la vivienda: IMG_0001.jpg en tamaño completo' })).toBeVisible();
  expect((await storedResponse(page, id))!.answers).toMatchObject({ name: 'Rosa', photo: answer });
  // The longest side is max-pixels, the proportions kept.
  expect(await storedImage(page, answer.hash)).toEqual({ type: 'image/jpeg', size: answer.size, width: 1024, height: 768 });

  // Full size on tap, closed with its button.
  await page.getByRole('button', { name: /^Abrir Foto de la vivienda/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('button', { name: 'Cerrar' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  // Settings counts the space the form's files take.
  await page.goto('/#/settings');
  const row = page.getByTestId('file-space').getByRole('row', { name: new RegExp(`^${TITLE}`) });
  await expect(row.getByRole('cell').first()).toHaveText('1');
  await expect(row.getByRole('cell').nth(1)).toHaveText(/^\d+(,\d)? kB$/);
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
});

test('a signature drawn with the pointer is saved as a PNG, undone stroke by stroke, and shown on the response page', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await startInterview(page);
  await page.getByLabel('Nombre').fill('Rosa');
  await next(page);
  await next(page);

  await expect(page.getByText('Área de firma', { exact: false })).toBeVisible();
  const pad = (await page.locator('canvas').boundingBox())!;
  const stroke = async (from: [number, number], to: [number, number]) => {
    await page.mouse.move(pad.x + from[0], pad.y + from[1]);
    await page.mouse.down();
    await page.mouse.move(pad.x + to[0], pad.y + to[1], { steps: 8 });
    await page.mouse.up();
  };
  await stroke([20, 30], [200, 90]);
  await expect.poll(async () => (await storedResponse(page, id))?.answers.sign?.hash, { timeout: 15_000 }).toMatch(/^[0-9a-f]{64}$/);
  const first = (await storedResponse(page, id))!.answers.sign;
  await stroke([40, 100], [300, 20]);
  await expect.poll(async () => (await storedResponse(page, id))?.answers.sign?.hash, { timeout: 15_000 }).not.toBe(first.hash);
  // Undo takes the second stroke away: the drawing is the first one again, the same file.
  await page.getByRole('button', { name: 'Deshacer el último trazo' }).click();
  await expect.poll(async () => (await storedResponse(page, id))?.answers.sign?.hash, { timeout: 15_000 }).toBe(first.hash);
  const signed = await storedImage(page, first.hash);
  expect(signed).toMatchObject({ type: 'image/png', width: 600, height: 240 });

  const signature = (await storedResponse(page, id))!.answers.sign;
  await page.goto(`/#/responses/${id}`);
  const shown = page.getByRole('button', { name: `Abrir Firma: ${signature.name} en tamaño completo` });
  await expect(shown).toBeVisible();
  // The thumbnail is the stored drawing, decoded.
  await expect.poll(() => shown.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(600);
});

test('a signature is kept, on its own question, when the screen is left right after the last stroke', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const id = await startInterview(page);
  await page.getByLabel('Nombre').fill('Rosa');
  await next(page);
  await next(page);
  const pad = (await page.locator('canvas').boundingBox())!;
  await page.mouse.move(pad.x + 20, pad.y + 30);
  await page.mouse.down();
  await page.mouse.move(pad.x + 200, pad.y + 90, { steps: 5 });
  await page.mouse.up();
  await next(page);
  await expect.poll(async () => (await storedResponse(page, id))?.answers.sign?.type, { timeout: 15_000 }).toBe('image/png');
  // On its own question, not on the one shown next.
  expect((await storedResponse(page, id))!.answers.doc).toBeUndefined();
  expect(errors).toEqual([]);
});

test('a file of a type the question does not take is refused with a clear message', async ({ page }) => {
  const id = await startInterview(page);
  await page.getByLabel('Nombre').fill('Rosa');
  await next(page);
  await next(page);
  await next(page);
  await page.getByLabel('Elegir un archivo').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from('not a pdf') });
  await expect(page.getByRole('alert')).toHaveText('Esta pregunta no acepta este tipo de archivo (foto.png). Elija otro archivo.');
  await page.getByLabel('Elegir un archivo').setInputFiles({ name: 'acta.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
  await expect.poll(async () => (await storedResponse(page, id))?.answers.doc?.name).toBe('acta.pdf');
  await expect(page.getByText('Esta pregunta no acepta', { exact: false })).toHaveCount(0);
});

/**
 * A full device, emulated in the page. Chromium 156 reports every site the same large
 * quota from navigator.storage.estimate (so that sites cannot tell profiles apart) and
 * ignores CDP's Storage.overrideQuotaForOrigin there and in IndexedDB writes (tried:
 * incognito and persistent profiles), so the browser's two signals of a full disk are
 * played here: the estimate says no space is left, or a write to the files store fails
 * with the QuotaExceededError a full disk gives.
 */
async function emulateFullDevice(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const state = { full: false, failWrites: false };
    (window as unknown as { __fullDevice: typeof state }).__fullDevice = state;
    const estimate = StorageManager.prototype.estimate;
    StorageManager.prototype.estimate = async function () {
      const real = await estimate.call(this);
      return state.full ? { ...real, quota: real.usage } : real;
    };
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (state.failWrites && this.name === 'files') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
}
const setDevice = (page: Page, state: { full: boolean; failWrites: boolean }) =>
  page.evaluate((s) => Object.assign((window as unknown as { __fullDevice: object }).__fullDevice, s), state);

test('a full device refuses the photo with a translated message, and the answers already given stay', async ({ page }) => {
  test.setTimeout(120_000);
  await emulateFullDevice(page);
  const id = await startInterview(page);
  await page.getByLabel('Nombre').fill('Rosa');
  await next(page);
  await expect.poll(async () => (await storedResponse(page, id))?.answers.name).toBe('Rosa');
  const jpeg = await twelveMegapixelJpeg(page, 1);
  const refusal = page.getByRole('alert').filter({ hasText: 'El teléfono no tiene espacio para este archivo, así que no se guardó. Sus demás respuestas están a salvo.' });
  const takePhoto = () => page.getByLabel(/Elegir (un|otro) archivo/).setInputFiles({ name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: jpeg });

  // The estimate says the device is full: refused before anything is written.
  await setDevice(page, { full: true, failWrites: false });
  await takePhoto();
  await expect(refusal).toBeVisible();
  await expect(page.getByRole('img', { name: /Vista previa/ })).toHaveCount(0);
  let stored = await storedResponse(page, id);
  expect(stored!.answers).toEqual({ name: 'Rosa' });
  expect(stored!.ixFiles).toEqual([]);

  // The estimate said there was room, but the write fails for lack of space: the photo is
  // refused, its question empty again, and the other answers are still saved.
  await setDevice(page, { full: false, failWrites: true });
  await takePhoto();
  await expect(refusal).toBeVisible();
  await expect(page.getByRole('img', { name: /Vista previa/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Quitar el archivo' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Atrás' }).click();
  await page.getByLabel('Nombre').fill('Rosa María');
  await expect.poll(async () => (await storedResponse(page, id))?.answers.name).toBe('Rosa María');
  stored = await storedResponse(page, id);
  expect(stored!.answers.photo).toBeUndefined();

  // Room again: the same photo is taken and kept.
  await setDevice(page, { full: false, failWrites: false });
  await next(page);
  await takePhoto();
  await expect(page.getByRole('img', { name: 'Vista previa de IMG_0002.jpg' })).toBeVisible();
  await expect.poll(async () => (await storedResponse(page, id))?.answers.photo?.name, { timeout: 30_000 }).toBe('IMG_0002.jpg');
  await expect(refusal).toHaveCount(0);
});
