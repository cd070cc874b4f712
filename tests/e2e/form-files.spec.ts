// A form whose choices come from an attached CSV (select_one_from_file with a
// choice_filter on one of its columns) and whose calculation looks a value up in it
// (pulldata): imported with its CSV beside it, or in one .zip, then filled offline on
// a phone-sized screen, finalized, read on the response page and exported to CSV.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { writeXlsx, type SheetSpec } from '../unit/fixtures/xlsx';
import { openControlled } from './helpers';
import { withoutSavePicker } from './save-picker';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TITLE = 'Aldeas y población';

// A label with a comma (quoted in the CSV) and populations that no other village shares.
const VILLAGES_CSV = [
  'name,label,department,population',
  'perquin,Perquín,morazan,3158',
  'arambala,"Arambala, centro",morazan,1820',
  'conchagua,Conchagua,la_union,4512',
  '',
].join('\n');

const SHEETS: SheetSpec[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label', 'choice_filter', 'calculation'],
      ['select_one department', 'department', 'Departamento', '', ''],
      ['select_one_from_file villages.csv', 'village', 'Aldea', 'department=${department}', ''],
      ['calculate', 'population', '', '', "pulldata('villages', 'population', 'name', ${village})"],
      ['note', 'village_note', 'Población de la aldea: ${population}', '', ''],
    ],
  },
  {
    name: 'choices',
    rows: [
      ['list_name', 'name', 'label'],
      ['department', 'morazan', 'Morazán'],
      ['department', 'la_union', 'La Unión'],
    ],
  },
  { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_form_files', '1', TITLE]] },
];

type Picked = { name: string; mimeType: string; buffer: Buffer };
const xlsxFile: Picked = { name: 'aldeas.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(writeXlsx(SHEETS)) };
const csvFile: Picked = { name: 'villages.csv', mimeType: 'text/csv', buffer: Buffer.from(VILLAGES_CSV) };
const zipFile: Picked = {
  name: 'aldeas.zip',
  mimeType: 'application/zip',
  buffer: Buffer.from(zipSync({ 'aldeas/aldeas.xlsx': writeXlsx(SHEETS), 'aldeas/villages.csv': strToU8(VILLAGES_CSV) })),
};

const next = (page: Page) => page.getByRole('button', { name: 'Siguiente' }).click();

/** Offline from the start: Encuestas → Importar XLSForm, the files picked, the form saved. */
async function importOffline(page: Page, files: Picked[]): Promise<void> {
  await openControlled(page);
  await page.context().setOffline(true);
  await page.getByRole('link', { name: 'Encuestas' }).click();
  await page.getByRole('link', { name: 'Importar XLSForm' }).click();
  await page.getByLabel(/^Archivo XLSForm/).setInputFiles(files);
  await expect(page.getByText('El formulario se puede usar.')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^villages\.csv$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page).toHaveURL(/#\/forms$/);
}

/** Fills the form, choosing a village of Morazán, and finalizes it; the response page shows the answers. */
async function fillAndRead(page: Page): Promise<void> {
  await page.getByRole('link', { name: `Iniciar entrevista: ${TITLE}` }).click();
  await page.getByRole('radio', { name: 'Morazán', exact: true }).check();
  await next(page);

  // Only the villages of the department chosen, labelled from the CSV.
  const villages = page.getByRole('group', { name: 'Aldea' }).getByRole('radio');
  await expect(villages).toHaveCount(2);
  await expect(page.getByRole('radio', { name: 'Perquín', exact: true })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Conchagua' })).toHaveCount(0);
  await page.getByRole('radio', { name: 'Perquín', exact: true }).check();
  await next(page);
  await expect(page.getByText('Población de la aldea: 3158')).toBeVisible();

  // Another village: the looked-up population follows the answer.
  await page.getByRole('button', { name: 'Atrás' }).click();
  await page.getByRole('radio', { name: 'Arambala, centro', exact: true }).check();
  await next(page);
  await expect(page.getByText('Población de la aldea: 1820')).toBeVisible();
  await next(page);

  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  await expect(page.getByText('Entrevista finalizada y guardada.')).toBeVisible();

  await page.getByRole('link', { name: `Respuestas: ${TITLE}` }).click();
  await page.getByRole('list', { name: 'Respuestas' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/#\/responses\//);
  const answer = (label: string) => page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  await expect(answer('Departamento')).toHaveText('Morazán');
  await expect(answer('Aldea')).toHaveText('Arambala, centro');
  await expect(answer('population')).toHaveText('1820');
}

test('a form picked with its CSV offers the CSV choices filtered by an earlier answer and looks values up with pulldata, offline', async ({ page }) => {
  await importOffline(page, [xlsxFile, csvFile]);
  await fillAndRead(page);

  // The responses' CSV names the village by its label from the attached file.
  await page.getByRole('link', { name: 'Datos' }).click();
  await withoutSavePicker(page);
  const csvExport = page.getByRole('region', { name: 'Exportar respuestas a CSV o XLSX' });
  await csvExport.getByLabel('Formulario').selectOption({ label: TITLE });
  const downloading = page.waitForEvent('download');
  await csvExport.getByRole('button', { name: 'Descargar CSV' }).click();
  const download = await downloading;
  const text = readFileSync(await download.path(), 'utf8');
  const [header, row] = text.replace(/^\uFEFF/, '').split('\r\n');
  expect(header).toMatch(/,Departamento,Aldea,population$/);
  expect(row).toMatch(/,Morazán,"Arambala, centro",1820$/);
});

test('a .zip of the form and its CSV imports offline and fills the same way', async ({ page }) => {
  await importOffline(page, [zipFile]);
  await fillAndRead(page);
});

test('a .zip without the CSV its form names is refused, naming the file, and nothing is stored', async ({ page }) => {
  const withoutCsv: Picked = { name: 'aldeas.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync({ 'aldeas/aldeas.xlsx': writeXlsx(SHEETS) })) };
  await openControlled(page);
  await page.context().setOffline(true);
  await page.getByRole('link', { name: 'Encuestas' }).click();
  await page.getByRole('link', { name: 'Importar XLSForm' }).click();
  await page.getByLabel(/^Archivo XLSForm/).setInputFiles([withoutCsv]);
  await expect(page.getByRole('alert')).toContainText('No se guardó nada.');
  // The select and the pulldata both name it, each in its row.
  const problems = page.getByRole('table', { name: 'Problemas que impiden usar el formulario' }).getByRole('row').filter({ hasText: '«villages.csv»' });
  await expect(problems).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Guardar formulario' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Encuestas', exact: true }).click();
  await expect(page).toHaveURL(/#\/forms$/);
  // The list has loaded (the sample form is there), and the refused form is not in it.
  await expect(page.getByRole('link', { name: /^Iniciar entrevista: / }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: `Iniciar entrevista: ${TITLE}` })).toHaveCount(0);
});
