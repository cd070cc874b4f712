import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { writeXlsx, type SheetSpec } from '../unit/fixtures/xlsx';
import { openControlled } from './helpers';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function householdForm(version: string): SheetSpec[] {
  return [
    {
      name: 'survey',
      rows: [
        ['type', 'name', 'label::Español (es)', 'label::English (en)', 'relevant', 'image'],
        ['select_one department', 'department', 'Departamento', 'Department', '', ''],
        ['integer', 'age', 'Edad', 'Age', '', 'age.png'],
        ['text', 'job', 'Ocupación', 'Occupation', '${age} >= 15', ''],
        ['begin repeat', 'member', 'Miembro', 'Member', '', ''],
        ['text', 'member_name', 'Nombre', 'Name', '', ''],
        ['end repeat', '', '', '', '', ''],
      ],
    },
    {
      name: 'choices',
      rows: [
        ['list_name', 'name', 'label::Español (es)', 'label::English (en)'],
        ['department', 'morazan', 'Morazán', 'Morazan'],
        ['department', 'la_union', 'La Unión', 'La Union'],
      ],
    },
    { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_import', version, 'Encuesta de prueba']] },
  ];
}

type Extra = { name: string; mimeType: string; buffer: Buffer };
const PNG = { name: 'age.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') };

/** Picks the .xlsx, with the files it names beside it (several files at once). */
async function pick(page: Page, name: string, sheets: SheetSpec[], extra: Extra[] = []): Promise<void> {
  await page
    .getByLabel(/^Archivo XLSForm/)
    .setInputFiles([{ name, mimeType: XLSX_TYPE, buffer: Buffer.from(writeXlsx(sheets)) }, ...extra]);
}

/** Versions of a form stored in IndexedDB, read behind the app's back. */
function storedVersions(page: Page, formId: string): Promise<string[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('piso');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = await new Promise<{ formId: string; version: string }[]>((resolve, reject) => {
      const request = db.transaction('forms').objectStore('forms').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return all.filter((f) => f.formId === id).map((f) => f.version).sort();
  }, formId);
}

test('an XLSForm imports offline, shows in the forms list, and the same version is not stored twice', async ({ page, context }) => {
  await openControlled(page);
  await context.setOffline(true);
  await page.goto('/#/forms/import');

  await pick(page, 'hogares.xlsx', householdForm('2026030101'), [PNG]);
  await expect(page.getByText('El formulario se puede usar.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Encuesta de prueba' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^2026030101$/ })).toBeVisible();
  // department, age, job, member_name: the repeat itself is not a question.
  await expect(page.getByRole('definition').filter({ hasText: /^4$/ })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /español, inglés/ })).toBeVisible();
  // The image the form names came with it, and is kept with the form.
  await expect(page.getByRole('definition').filter({ hasText: /^age\.png$/ })).toBeVisible();

  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page).toHaveURL(/#\/forms$/);
  await expect(page.getByText('Encuesta de prueba').first()).toBeVisible();
  expect(await storedVersions(page, 'e2e_import')).toEqual(['2026030101']);

  // The same version again: nothing new is stored, and the user is told why.
  await page.goto('/#/forms/import');
  await pick(page, 'hogares.xlsx', householdForm('2026030101'), [PNG]);
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page.getByRole('alert')).toContainText('ya está en este dispositivo');
  expect(await storedVersions(page, 'e2e_import')).toEqual(['2026030101']);

  // A new version is a new record: the old one stays for its responses.
  await pick(page, 'hogares-v2.xlsx', householdForm('2026030102'), [PNG]);
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page).toHaveURL(/#\/forms$/);
  expect(await storedVersions(page, 'e2e_import')).toEqual(['2026030101', '2026030102']);
});

test('a broken XLSForm lists its problems with sheet, row and column, and stores nothing', async ({ page, context }) => {
  await openControlled(page);
  await context.setOffline(true);
  await page.goto('/#/forms/import');

  await pick(page, 'roto.xlsx', [
    {
      name: 'survey',
      rows: [
        ['type', 'name', 'label', 'relevant'],
        ['integer', 'age', 'Edad', ''],
        ['select_one lista_que_falta', 'q', 'Pregunta', ''],
        ['text', 'job', 'Ocupación', '${edad} > 15'],
      ],
    },
    { name: 'settings', rows: [['form_id', 'version'], ['e2e_broken', '1']] },
  ]);
  await expect(page.getByRole('alert')).toContainText('No se guardó nada');
  const errors = page.getByRole('table', { name: 'Problemas que impiden usar el formulario' });
  const missingList = errors.getByRole('row').filter({ hasText: 'lista_que_falta' });
  await expect(missingList.getByRole('cell')).toHaveText(['survey', '3', /^A/, 'La lista de opciones «lista_que_falta» no existe en la hoja choices.']);
  const unknown = errors.getByRole('row').filter({ hasText: 'edad' });
  await expect(unknown.getByRole('cell')).toHaveText(['survey', '4', 'D (relevant)', /«edad»/]);
  await expect(page.getByRole('button', { name: 'Guardar formulario' })).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  // In English too.
  await page.getByLabel('Idioma').selectOption('en');
  await expect(errors.or(page.getByRole('table', { name: 'Problems that keep the form from being used' }))).toContainText(
    'The choice list “lista_que_falta” is not in the choices sheet.',
  );
  expect(await storedVersions(page, 'e2e_broken')).toEqual([]);
});

test('an imported form whose labels show earlier answers (${name}) shows them in the interview', async ({ page }) => {
  await page.goto('/#/forms/import');
  await pick(page, 'nombres.xlsx', [
    {
      name: 'survey',
      rows: [
        ['type', 'name', 'label::Español (es)'],
        ['text', 'person', 'Nombre de la persona'],
        ['integer', 'person_age', '¿Qué edad tiene ${person}?'],
      ],
    },
    { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_labels', '1', 'Etiquetas con respuestas']] },
  ]);
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await page.getByRole('link', { name: 'Iniciar entrevista: Etiquetas con respuestas' }).click();
  await page.getByLabel('Nombre de la persona').fill('Ana');
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByLabel('¿Qué edad tiene Ana?')).toBeVisible();
  await page.getByRole('button', { name: 'Atrás' }).click();
  await page.getByLabel('Nombre de la persona').fill('Eva');
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByLabel('¿Qué edad tiene Eva?')).toBeVisible();
});

test('a .zip of the form and its choice file imports; a missing or broken file is named, where it is', async ({ page, context }) => {
  await openControlled(page);
  await context.setOffline(true);
  await page.goto('/#/forms/import');
  const sheets: SheetSpec[] = [
    { name: 'survey', rows: [['type', 'name', 'label'], ['select_one_from_file villages.csv', 'village', 'Aldea']] },
    { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_zip', '1', 'Aldeas']] },
  ];
  const zip = (files: Record<string, Uint8Array>) => ({ name: 'aldeas.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(files)) });
  const input = page.getByLabel(/^Archivo XLSForm/);

  await input.setInputFiles(zip({ 'aldeas/aldeas.xlsx': writeXlsx(sheets) }));
  const errors = page.getByRole('table', { name: 'Problemas que impiden usar el formulario' });
  await expect(errors.getByRole('row').filter({ hasText: 'villages.csv' }).getByRole('cell')).toHaveText(['survey', '2', 'A (type)', /«villages\.csv»/]);

  // A comma without quotes shifts the columns of a row: that row is named, in its file.
  await input.setInputFiles(zip({ 'aldeas/aldeas.xlsx': writeXlsx(sheets), 'aldeas/villages.csv': strToU8('name,label\nv1,Aldea, uno\n') }));
  await expect(errors.getByRole('row').filter({ hasText: 'villages.csv' }).getByRole('cell')).toHaveText(['villages.csv', '2', 'C', /villages\.csv/]);

  await input.setInputFiles(zip({ 'aldeas/aldeas.xlsx': writeXlsx(sheets), 'aldeas/villages.csv': strToU8('name,label\nv1,Aldea uno\n') }));
  await expect(page.getByText('El formulario se puede usar.')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^villages\.csv$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page).toHaveURL(/#\/forms$/);
  expect(await storedVersions(page, 'e2e_zip')).toEqual(['1']);
});
