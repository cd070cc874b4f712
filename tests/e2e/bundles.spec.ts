// Bundles between two devices: one browser context exports, another imports.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Download, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { choose, openControlled, SEED_TITLE_ES, SURVEY_ES } from './helpers';
import { withoutSavePicker } from './save-picker';

async function createProject(page: Page, code: string, title: string) {
  await page.goto('/#/projects/new');
  await page.getByRole('textbox', { name: 'Código', exact: true }).fill(code);
  await page.getByLabel('En español').first().fill(title);
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
}

/** A draft interview with consent and department answered. */
async function startInterview(page: Page) {
  await page.goto('/#/forms');
  await page.getByRole('link', { name: `Iniciar entrevista: ${SURVEY_ES}` }).click();
  await choose(page, 'Sí');
  await choose(page, 'Morazán');
  await expect(page.getByRole('radio', { name: 'Rural', exact: true })).toBeVisible();
}

async function exportBundle(page: Page, options: { passphrase?: string; gzip?: boolean } = {}): Promise<Download> {
  await page.goto('/#/bundles');
  await withoutSavePicker(page);
  await page.getByRole('radio', { name: 'Todo lo que hay en este dispositivo' }).check();
  const gzip = page.getByRole('checkbox', { name: 'Comprimir (archivo más pequeño)' });
  if (options.gzip === false) await gzip.uncheck();
  if (options.passphrase) {
    await page.getByRole('checkbox', { name: 'Proteger con contraseña' }).check();
    await page.getByLabel('Contraseña del paquete').fill(options.passphrase);
    await page.getByLabel('Repita la contraseña').fill(options.passphrase);
  }
  await page.getByRole('button', { name: 'Crear el paquete' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Descargar', exact: true }).click();
  return downloading;
}

async function importFile(page: Page, path: string) {
  await page.goto('/#/bundles/import');
  await page.getByLabel('Archivo del paquete').setInputFiles(path);
}

function previewRow(page: Page, kind: string) {
  return page.getByRole('row', { name: new RegExp(`^${kind}`) });
}

test('a bundle made on one device brings every record to another; a second import changes nothing', async ({ browser }) => {
  const deviceA = await browser.newContext();
  const a = await deviceA.newPage();
  await a.goto('/');
  await createProject(a, 'SLV/21/01/BND', 'Proyecto del paquete');
  await startInterview(a);
  const download = await exportBundle(a, { gzip: false });
  const path = await download.path();
  const bundle = readFileSync(path, 'utf8');
  // A manifest first, then the records: the file states what it holds.
  expect(bundle.split('\n')[0]).toContain('"format":"piso-bundle"');

  const deviceB = await browser.newContext();
  const b = await deviceB.newPage();
  await b.goto('/');
  await expect(b.getByRole('link', { name: 'Proyecto del paquete' })).toHaveCount(0);
  await importFile(b, path);
  await expect(b.getByRole('heading', { name: 'Qué hará la importación' })).toBeVisible();
  // Device B seeded the same project, outcomes, forms and the sample case list (36
  // workers, 50 interviews: 36 registrations, 14 follow-ups): only A's own records are new.
  await expect(previewRow(b, 'Proyectos')).toHaveText(/Proyectos\s*1\s*0\s*1\s*0/);
  await expect(previewRow(b, 'Respuestas')).toHaveText(/Respuestas\s*1\s*0\s*50\s*0/);
  await expect(previewRow(b, 'Casos')).toHaveText(/Casos\s*0\s*0\s*36\s*0/);
  await b.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(b.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();

  await b.goto('/');
  await expect(b.getByRole('link', { name: 'Proyecto del paquete' })).toBeVisible();
  await expect(b.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  await b.goto('/#/forms');
  await b.getByRole('link', { name: /Respuestas/ }).first().click();
  await expect(b.getByRole('listitem').filter({ hasText: 'Morazán' })).toHaveCount(1);

  // The same bundle again: everything unchanged, nothing written.
  await importFile(b, path);
  await expect(previewRow(b, 'Proyectos')).toHaveText(/Proyectos\s*0\s*0\s*2\s*0/);
  await expect(previewRow(b, 'Respuestas')).toHaveText(/Respuestas\s*0\s*0\s*51\s*0/);
  await expect(previewRow(b, 'Casos')).toHaveText(/Casos\s*0\s*0\s*36\s*0/);
  await deviceA.close();
  await deviceB.close();
});

test('an encrypted bundle opens with the right passphrase only', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await createProject(page, 'SLV/21/02/ENC', 'Proyecto cifrado');
  const download = await exportBundle(page, { passphrase: 'correcto caballo batería' });
  expect(download.suggestedFilename()).toMatch(/\.piso$/);
  const path = await download.path();
  expect(readFileSync(path).includes(Buffer.from('Proyecto cifrado'))).toBe(false);

  const other = await browser.newContext();
  const b = await other.newPage();
  await b.goto('/');
  await importFile(b, path);
  await expect(b.getByText('protegido con contraseña')).toBeVisible();
  await b.getByLabel('Contraseña del paquete').fill('incorrecta del todo');
  await b.getByRole('button', { name: 'Abrir' }).click();
  await expect(b.getByRole('alert')).toHaveText('La contraseña no abre este paquete. Compruébela e inténtelo de nuevo.');
  await b.getByLabel('Contraseña del paquete').fill('correcto caballo batería');
  await b.getByRole('button', { name: 'Abrir' }).click();
  await expect(previewRow(b, 'Proyectos')).toHaveText(/Proyectos\s*1\s*0\s*1\s*0/);
  await context.close();
  await other.close();
});

test('a broken file is refused with a clear message and changes nothing', async ({ page }, testInfo) => {
  await page.goto('/');
  const path = testInfo.outputPath('broken.json');
  writeFileSync(path, '{"format":"piso-bundle","version":1,"manifest":');
  await importFile(page, path);
  await expect(page.getByRole('alert')).toContainText('No se importó nada');
  await page.goto('/');
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
});

test('responses download as CSV with labels in the chosen language', async ({ page }) => {
  await page.goto('/');
  await startInterview(page);
  await page.goto('/#/bundles');
  await withoutSavePicker(page);
  await page.getByLabel('Formulario').last().selectOption({ label: SURVEY_ES });
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Descargar CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const [header, row] = csv.split(/\r?\n/);
  expect(header).toContain('_id');
  expect(row).toContain('Morazán');
});

test('responses download as XLSX, a sheet for the responses', async ({ page }) => {
  await page.goto('/');
  await startInterview(page);
  await page.goto('/#/bundles');
  await withoutSavePicker(page);
  await page.getByLabel('Formulario').last().selectOption({ label: SURVEY_ES });
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Descargar XLSX' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const { readWorkbook } = await import('../../src/lib/forms/xlsform/workbook');
  const [sheet] = readWorkbook(readFileSync(await download.path()));
  expect(sheet.rows[0].cells[0]).toBe('_id');
  expect(sheet.rows[1].cells).toContain('Morazán');
});

test('a bundle dropped on the window, or shared to Piso from another app, opens the import screen', async ({ browser }) => {
  const maker = await browser.newContext();
  const a = await maker.newPage();
  await a.goto('/');
  await createProject(a, 'SLV/21/03/SHR', 'Proyecto compartido');
  const bundle = readFileSync(await (await exportBundle(a, { gzip: false })).path(), 'utf8');
  await maker.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await openControlled(page);
  // Dropped from the file manager onto any screen.
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'piso-all.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, bundle);
  await expect(page.getByRole('heading', { name: 'Qué hará la importación' })).toBeVisible();
  await expect(previewRow(page, 'Proyectos')).toHaveText(/Proyectos\s*1\s*0\s*1\s*0/);

  // Shared from another app: the system posts the file to the share target, which the
  // service worker parks and hands to the import screen when the app next starts.
  await page.goto('/');
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  const status = await page.evaluate(async (text) => {
    const form = new FormData();
    form.append('bundle', new File([text], 'shared.json', { type: 'application/json' }));
    const response = await fetch('/share-target', { method: 'POST', body: form });
    return response.ok;
  }, bundle);
  expect(status).toBe(true);
  // The file can reach the import screen only through the worker's cache.
  await page.goto('/#/bundles/import');
  await page.reload();
  await expect(previewRow(page, 'Proyectos')).toHaveText(/Proyectos\s*1\s*0\s*1\s*0/);
  await context.close();
});

/** The bundle's records hash (format.ts): SHA-256 per chunk of 1,000 records, then of the digests. */
function recordsHash(records: string[]): string {
  const digests = [];
  for (let i = 0; i < records.length; i += 1000) {
    digests.push(createHash('sha256').update(records.slice(i, i + 1000).map((r) => `${r}\n`).join('')).digest());
  }
  return createHash('sha256').update(Buffer.concat(digests)).digest('hex');
}

test('a bundle with one bad record: the message names it, the others are imported, the refused list keeps it', async ({ browser }, testInfo) => {
  const deviceA = await browser.newContext();
  const a = await deviceA.newPage();
  await a.goto('/');
  await createProject(a, 'SLV/21/03/BAD', 'Proyecto con una respuesta rota');
  await startInterview(a);
  const lines = readFileSync(await (await exportBundle(a, { gzip: false })).path(), 'utf8').split('\n');
  await deviceA.close();

  // A buggy client or a hand edit: a number and an object where the form expects text.
  const filesAt = lines.indexOf('],"files":[');
  const records = lines.slice(1, filesAt).map((line, i) => (i === 0 ? line : line.slice(1)));
  // A's interview, not one of the seed's case-list interviews that the bundle holds too.
  const at = records.findIndex((line) => line.includes('"kind":"response"') && line.includes('"formId":"ss_coverage_slv"'));
  const response = JSON.parse(records[at]);
  const [first, second] = Object.keys(response.answers).filter((key) => typeof response.answers[key] === 'string');
  response.answers[first] = 42;
  response.answers[second] = { text: 'no' };
  records[at] = JSON.stringify(response);
  const header = JSON.parse(`${lines[0]}]}`);
  header.manifest.recordsHash.value = recordsHash(records);
  const path = testInfo.outputPath('one-bad-record.json');
  writeFileSync(path, [JSON.stringify(header).replace(/\]\}$/, ''), ...records.map((r, i) => (i === 0 ? r : `,${r}`)), ...lines.slice(filesAt)].join('\n'));

  const deviceB = await browser.newContext();
  const b = await deviceB.newPage();
  await b.goto('/');
  await importFile(b, path);
  await expect(b.getByRole('heading', { name: 'Qué hará la importación' })).toBeVisible();
  const refused = b.getByTestId('import-refused');
  await expect(refused).toContainText('1 registro de este paquete no se importará');
  await expect(refused.getByRole('listitem')).toHaveText(
    `Respuesta «${response.formId}» (${response.id}): el campo «answers/${first}» no tiene el tipo esperado.`,
  );
  await expect(previewRow(b, 'Proyectos')).toHaveText(/Proyectos\s*1\s*0\s*1\s*0/);
  // The seed's 50 interviews are the same on both devices; the broken one is refused.
  await expect(previewRow(b, 'Respuestas')).toHaveText(/Respuestas\s*0\s*0\s*50\s*0/);
  await expect(previewRow(b, 'Casos')).toHaveText(/Casos\s*0\s*0\s*36\s*0/);
  await b.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(b.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();
  await expect(b.getByText('1 registro se rechazó y se guardó aparte')).toBeVisible();
  // No internal message anywhere.
  await expect(b.getByText(/is not iterable|No se pudo completar/)).toHaveCount(0);

  // The refused record stays listed on the import screen, and downloads.
  const kept = b.getByTestId('quarantine-bundle');
  await expect(kept.getByRole('heading', { name: 'Registros rechazados de paquetes' })).toBeVisible();
  await expect(kept.locator(`li[data-record-id="${response.id}"]`)).toContainText(`answers/${first}`);
  const axe = await new AxeBuilder({ page: b }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  const downloading = b.waitForEvent('download');
  await kept.getByRole('button', { name: 'Descargar los rechazados (JSON)' }).click();
  const file = JSON.parse(readFileSync(await (await downloading).path(), 'utf8'));
  expect(file.entries).toHaveLength(1);
  expect(file.entries[0].record.answers[first]).toBe(42);

  // Everything else arrived.
  await b.goto('/');
  await expect(b.getByRole('link', { name: 'Proyecto con una respuesta rota' })).toBeVisible();
  await deviceB.close();
});
