// Exports written in the export worker: into a picked file (File System Access) or a
// download, with progress and cancel; a bundle with its files or records only; CSV,
// XLSX and the .zip with files, each read back from the file the browser wrote.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readPrivateFile, savePickerToPrivateFile, withoutSavePicker } from './save-picker';

const PHOTO = Buffer.from('a photo of the house, as bytes: '.repeat(40));
const PHOTO_HASH = createHash('sha256').update(PHOTO).digest('hex');

/**
 * A form with a number and a photo question, and `count` responses to it (the first
 * naming a stored photo), written straight into IndexedDB as another device's bundle
 * would leave them: capture is another screen's business.
 */
async function seedPhotoForm(page: Page, count: number): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.evaluate(
    async ({ count, photo, hash }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open('piso');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      const done = (tx: IDBTransaction) => new Promise((ok, fail) => ((tx.oncomplete = ok), (tx.onerror = () => fail(tx.error))));
      const at = '2026-11-20T10:00:00.000Z';
      const hlc = `${at}-0000-e2e-device`;
      const envelope = (fields: string[]) => ({
        hlc, fieldHlc: Object.fromEntries([...fields, 'deleted'].map((f) => [f, hlc])),
        deviceId: 'e2e-device', createdAt: at, updatedAt: at, deleted: false, dirty: 0,
      });
      const seeded = await new Promise<Record<string, unknown>[]>((ok) => {
        const get = db.transaction('forms').objectStore('forms').getAll();
        get.onsuccess = () => ok(get.result);
      });
      const form = {
        ...seeded[0], ...envelope(['title', 'questions']), id: 'form-fotos', formId: 'fotos', version: '1',
        title: { es: 'Fotos del hogar', en: 'House photos' }, choices: {}, projectId: null,
        questions: [
          { type: 'text', name: 'name', label: { es: 'Nombre' } },
          { type: 'integer', name: 'people', label: { es: 'Personas' } },
          { type: 'image', name: 'photo', label: { es: 'Foto' } },
        ],
      };
      let tx = db.transaction(['forms', 'files'], 'readwrite');
      tx.objectStore('forms').put(form);
      const blob = new Blob([new Uint8Array(photo)], { type: 'image/jpeg' });
      tx.objectStore('files').put({ hash, blob, type: 'image/jpeg', size: blob.size, storedAt: at });
      await done(tx);
      const answer = { hash, name: 'casa.jpg', type: 'image/jpeg', size: photo.length };
      // Change numbers as this device hands them out (meta 'seq'): "changes since" bundles are cut by them.
      let seq = await new Promise<number>((ok) => {
        const get = db.transaction('meta').objectStore('meta').get('seq');
        get.onsuccess = () => ok(typeof get.result?.value === 'number' ? get.result.value : 0);
      });
      for (let start = 0; start < count; start += 1000) {
        tx = db.transaction(['responses', 'meta'], 'readwrite');
        for (let i = start; i < Math.min(count, start + 1000); i++) {
          const answers: Record<string, unknown> = { name: `Hogar ${i}`, people: String(1 + (i % 9)) };
          if (i === 0) answers.photo = answer;
          const data = {
            formId: 'fotos', formVersion: '1', projectId: null, status: 'finalized', answers, startedAt: at,
            finalizedAt: at, enumerator: 'Rosa', device: 'e2e-device', location: null, history: [],
          };
          tx.objectStore('responses').put({
            ...data, ...envelope(Object.keys(data)), id: `r-${String(i).padStart(6, '0')}`, kind: 'response',
            ixLive: 1, ixDepartment: '', ixFiles: i === 0 ? [hash] : [], seq: ++seq,
          });
        }
        tx.objectStore('meta').put({ key: 'seq', value: seq });
        await done(tx);
      }
      db.close();
    },
    { count, photo: [...PHOTO], hash: PHOTO_HASH },
  );
  // The screens read through live queries, which raw writes do not wake.
  await page.reload();
}

async function openBundles(page: Page) {
  await page.goto('/#/bundles');
  await expect(page.getByRole('heading', { name: 'Exportar un paquete' })).toBeVisible();
}

/** The bundle's lines as the version 3 contract lays them out. */
function bundleLines(text: string) {
  const lines = text.split('\n');
  const manifest = JSON.parse(`${lines[0]}]}`).manifest;
  const filesAt = lines.indexOf('],"files":[');
  return { manifest, records: lines.slice(1, filesAt), files: lines.slice(filesAt + 1, -1), last: lines.at(-1) };
}

test('a bundle written into the picked file carries the photo after the records; records only leaves it out', async ({ page }) => {
  await seedPhotoForm(page, 3);
  await openBundles(page);
  await savePickerToPrivateFile(page, 'bundle.json');
  await page.getByRole('checkbox', { name: 'Comprimir (archivo más pequeño)' }).uncheck();
  await page.getByRole('button', { name: 'Crear el paquete' }).click();
  await expect(page.getByText(/Paquete bundle\.json guardado/)).toBeVisible();
  const full = bundleLines((await readPrivateFile(page, 'bundle.json')).toString('utf8'));
  expect(full.manifest.files).toEqual({ count: 1, bytes: PHOTO.length, included: true });
  // The photo form's three responses (the seed project's interviews travel beside them).
  expect(full.records.filter((line) => line.includes('"kind":"response"') && line.includes('"formId":"fotos"'))).toHaveLength(3);
  expect(JSON.parse(full.files[0])).toEqual({ hash: PHOTO_HASH, type: 'image/jpeg', size: PHOTO.length, parts: 1 });
  expect(Buffer.from(JSON.parse(full.files[1].slice(1)), 'base64')).toEqual(PHOTO);
  expect(full.last).toBe(']}');

  // Records only: the same records, no files, and the download path of a browser without the dialog.
  await withoutSavePicker(page);
  await page.getByRole('checkbox', { name: 'Solo los registros, sin los archivos (paquete pequeño)' }).check();
  await page.getByRole('button', { name: 'Crear el paquete' }).click();
  const result = page.getByRole('status').filter({ has: page.getByRole('button', { name: 'Descargar', exact: true }) });
  await expect(result).toContainText('sin archivos');
  const downloading = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Descargar', exact: true }).click();
  const small = bundleLines(readFileSync(await (await downloading).path(), 'utf8'));
  expect(small.manifest.files).toEqual({ count: 0, bytes: 0, included: false });
  expect(small.files).toEqual([]);
  expect(small.manifest.recordsHash).toEqual(full.manifest.recordsHash);
});

test('a long export shows its progress and can be cancelled: nothing is saved, the next bundle still holds everything', async ({ page }) => {
  test.setTimeout(180_000);
  await seedPhotoForm(page, 40_000);
  await openBundles(page);
  await savePickerToPrivateFile(page, 'cancelled.json');
  await page.getByRole('radio', { name: 'Solo lo que cambió desde el último paquete enviado a un destino' }).check();
  await page.getByLabel('Destino', { exact: true }).fill('Oficina');
  await page.getByRole('button', { name: 'Crear el paquete' }).click();
  await expect(page.getByText('Preparando el paquete')).toBeVisible();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.getByRole('button', { name: 'Cancelar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Exportación cancelada: no se guardó nada.' })).toBeVisible();
  // The picked file is left as it was before (empty), and no toast says it was saved.
  expect((await readPrivateFile(page, 'cancelled.json')).length).toBe(0);
  await expect(page.getByText(/guardado/)).toHaveCount(0);

  // The destination's checkpoint did not move: the next bundle for it holds every record.
  await withoutSavePicker(page);
  await page.getByRole('button', { name: 'Crear el paquete' }).click();
  const result = page.getByRole('status').filter({ has: page.getByRole('button', { name: 'Descargar', exact: true }) });
  await expect(result).toContainText(/40\.0\d\d registros/, { timeout: 120_000 });
});

test('CSV and XLSX name the photo; numbers are number cells; with the files, one .zip with a folder for the form', async ({ page }) => {
  await seedPhotoForm(page, 2);
  await openBundles(page);
  await withoutSavePicker(page);
  const card = page.getByRole('region', { name: 'Exportar respuestas a CSV o XLSX' });
  await card.getByLabel('Formulario').selectOption({ label: 'Fotos del hogar' });
  await card.getByRole('checkbox', { name: /Usar las etiquetas/ }).uncheck();

  let downloading = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Descargar CSV' }).click();
  let download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^fotos-\d{4}-\d\d-\d\d\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n');
  expect(csv[0]).toBe('_id,_form_version,_status,_enumerator,_started_at,_finalized_at,name,people,photo');
  expect(csv[1]).toBe('r-000000,1,finalized,Rosa,2026-11-20T10:00:00.000Z,2026-11-20T10:00:00.000Z,Hogar 0,1,casa.jpg');

  downloading = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Descargar XLSX' }).click();
  download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const sheet = new TextDecoder().decode(unzipSync(readFileSync(await download.path()))['xl/worksheets/sheet1.xml']);
  expect(sheet).toContain('<c r="H2" t="n"><v>1</v></c>');
  expect(sheet).toContain('<c r="I2" t="inlineStr"><is><t xml:space="preserve">casa.jpg</t></is></c>');

  await card.getByRole('checkbox', { name: /Con los archivos/ }).check();
  downloading = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Descargar CSV' }).click();
  download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^fotos-.*\.zip$/);
  const zip = unzipSync(readFileSync(await download.path()));
  expect(Object.keys(zip).sort()).toEqual(['fotos.csv', 'fotos/casa.jpg']);
  expect(Buffer.from(zip['fotos/casa.jpg'])).toEqual(PHOTO);
  expect(new TextDecoder().decode(zip['fotos.csv'])).toContain(',Hogar 0,1,casa.jpg\r\n');
});

test("a form's responses page exports that form's responses", async ({ page }) => {
  await seedPhotoForm(page, 2);
  await page.goto('/#/forms/fotos/responses');
  await expect(page.getByRole('heading', { name: /Fotos del hogar/ })).toBeVisible();
  await withoutSavePicker(page);
  const card = page.getByRole('region', { name: 'Exportar respuestas a CSV o XLSX' });
  await expect(card.getByRole('combobox')).toHaveCount(0); // the form is the page's
  const downloading = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Descargar CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^fotos-.*\.csv$/);
  const rows = readFileSync(await download.path(), 'utf8').split('\r\n');
  expect(rows.filter((row) => row.startsWith('r-00000'))).toHaveLength(2);
});
