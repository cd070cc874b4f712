// The streamed bundle import on the screen: a version 3 bundle brings its photo to a
// fresh device, shown on the response page; an import cut short by closing the page is
// named on the screen and finished by importing the same file again.
import { expect, test, type Page } from '@playwright/test';
import type { Envelope, Question } from '../../src/lib/domain/types';
import { bundleText, record } from './bundle-file';
import { openControlled } from './helpers';
import { fileHash, toVersion3 } from '../unit/bundle-v3';

const es = (text: string) => ({ es: text });
const AT = '2026-03-01T10:00:00.000Z';
const HLC = `${AT}-0000-e2e-other-device`;

const QUESTIONS: Question[] = [
  { type: 'text', name: 'name', label: es('Nombre') },
  { type: 'image', name: 'photo', label: es('Foto de la vivienda') },
];

const form = () =>
  record('form', 'form-casas', {
    formId: 'casas',
    version: '1',
    title: es('Viviendas'),
    languages: ['es'],
    defaultLanguage: 'es',
    questions: QUESTIONS,
    choices: {},
    warnings: [],
    projectId: null,
  });

/** A finalized response with a clock per answer (records of shape 2). */
function response(id: string, answers: Record<string, unknown>): Envelope {
  const base = record('response', id, {
    formId: 'casas',
    formVersion: '1',
    projectId: null,
    status: 'finalized',
    startedAt: AT,
    finalizedAt: AT,
    history: [],
  });
  const fieldHlc = { ...base.fieldHlc, ...Object.fromEntries(Object.keys(answers).map((name) => [`answers/${name}`, HLC])) };
  return { ...base, answers, fieldHlc } as Envelope;
}

/** A small real JPEG, drawn in the page. */
async function jpeg(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(64, 48);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#1d4e89';
    ctx.fillRect(0, 0, 64, 48);
    ctx.fillStyle = '#f2b134';
    ctx.fillRect(16, 12, 32, 24);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  });
  return Buffer.from(base64, 'base64');
}

const previewRow = (page: Page, kind: string) => page.getByRole('row', { name: new RegExp(`^${kind}`) });

test('a bundle with a photo, moved to a fresh device, shows the photo there', async ({ page }) => {
  await openControlled(page, '/#/bundles/import');
  const photo = await jpeg(page);
  const hash = await fileHash(photo);
  const answer = { hash, name: 'casa-1.jpg', type: 'image/jpeg', size: photo.length };
  const text = await toVersion3(await bundleText([form(), response('resp-casa-1', { name: 'Casa azul', photo: answer })]), [
    { bytes: photo, type: 'image/jpeg' },
  ]);
  await page.context().setOffline(true);
  await page.getByLabel('Archivo del paquete').setInputFiles({ name: 'casas.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(previewRow(page, 'Respuestas')).toHaveText(/Respuestas\s*1\s*0\s*0\s*0/);
  await expect(page.getByTestId('import-files-stored')).toHaveText('1 archivo comprobado y guardado en este dispositivo.');
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();

  await page.goto('/#/responses/resp-casa-1');
  await expect(page.getByText('Casa azul')).toBeVisible();
  // The photo is this device's now: its thumbnail opens it full size (media's view).
  await expect(page.getByRole('button', { name: /^Abrir Foto de la vivienda: casa-1\.jpg/ })).toBeVisible();
});

test('an import cut short by closing the page is named on the screen and finished by importing the same file again', async ({ browser }) => {
  test.setTimeout(180_000);
  const total = 6000;
  const responses = Array.from({ length: total }, (_, i) => response(`resp-${String(i).padStart(5, '0')}`, { name: `Persona ${i}` }));
  const buffer = Buffer.from(await bundleText([form(), ...responses]));
  const file = { name: 'censo.json', mimeType: 'application/json', buffer };

  const context = await browser.newContext();
  const page = await context.newPage();
  await openControlled(page, '/#/bundles/import');
  await page.getByLabel('Archivo del paquete').setInputFiles(file);
  await expect(previewRow(page, 'Respuestas')).toHaveText(/Respuestas\s*6\.?000\s*0\s*0\s*0/);
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  // Some batches of the seven written (the commit is quick: which one the screen shows when
  // looked at varies), then the tab is closed before the last.
  await expect(page.getByText(/^[1-5] \/ 7/)).toBeVisible();
  await page.close();

  const again = await context.newPage();
  await again.goto('/#/bundles/import');
  const notice = again.getByTestId('import-unfinished');
  await expect(notice).toContainText('Una importación de censo.json');
  await expect(notice).toContainText('Importe de nuevo el mismo archivo para terminarla.');
  await again.getByLabel('Archivo del paquete').setInputFiles(file);
  await expect(again.getByTestId('import-finishes')).toContainText('Este archivo termina su importación interrumpida');
  const cells = await previewRow(again, 'Respuestas').locator('td').allTextContents();
  const [added, updated, unchanged] = cells.map((cell) => Number(cell.replace(/\D/g, '')));
  expect(unchanged).toBeGreaterThan(0);
  expect([added + unchanged, updated]).toEqual([total, 0]);
  await again.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(again.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();
  await expect(again.getByTestId('import-unfinished')).toHaveCount(0);

  // Everything is here now: the same file once more changes nothing.
  await again.getByRole('button', { name: 'Importar otro paquete' }).click();
  await again.getByLabel('Archivo del paquete').setInputFiles(file);
  await expect(previewRow(again, 'Respuestas')).toHaveText(/Respuestas\s*0\s*0\s*6\.?000\s*0/);
  await expect(again.getByTestId('import-finishes')).toHaveCount(0);
  await context.close();
});

test('a "records only" bundle leaves the photo "not on this device"; a later bundle that has it brings it', async ({ page }) => {
  await openControlled(page, '/#/bundles/import');
  const photo = await jpeg(page);
  const hash = await fileHash(photo);
  const answer = { hash, name: 'casa-2.jpg', type: 'image/jpeg', size: photo.length };
  const records = await bundleText([form(), response('resp-casa-2', { name: 'Casa verde', photo: answer })]);
  await page.context().setOffline(true);

  // The small bundle: the records, no file.
  const small = await toVersion3(records, [], { included: false });
  await page.getByLabel('Archivo del paquete').setInputFiles({ name: 'casas-pequeno.json', mimeType: 'application/json', buffer: Buffer.from(small) });
  await expect(previewRow(page, 'Respuestas')).toHaveText(/Respuestas\s*1\s*0\s*0\s*0/);
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();
  await page.goto('/#/responses/resp-casa-2');
  await expect(page.getByText('Casa verde')).toBeVisible();
  await expect(page.getByText('Este archivo no está en este dispositivo.')).toBeVisible();

  // Later, a bundle with the file: the same records (nothing to change) and the photo.
  await page.goto('/#/bundles/import');
  const full = await toVersion3(records, [{ bytes: photo, type: 'image/jpeg' }]);
  await page.getByLabel('Archivo del paquete').setInputFiles({ name: 'casas.json', mimeType: 'application/json', buffer: Buffer.from(full) });
  await expect(previewRow(page, 'Respuestas')).toHaveText(/Respuestas\s*0\s*0\s*1\s*0/);
  await expect(page.getByTestId('import-files-stored')).toHaveText('1 archivo comprobado y guardado en este dispositivo.');
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();
  await page.goto('/#/responses/resp-casa-2');
  await expect(page.getByRole('button', { name: /^Abrir Foto de la vivienda: casa-2\.jpg/ })).toBeVisible();
  await expect(page.getByText('Este archivo no está en este dispositivo.')).toHaveCount(0);
});
