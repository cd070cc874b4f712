// The XLSForms of the case management browser tests (written with the app's own .xlsx
// writer, as the form import tests do): a registration of workers into the list LIST
// (not the seed project's "workers", whose cases would count too), and a follow-up visit
// that picks a worker from the list, reads her ISSS status from it and updates it.
import { expect, type Page } from '@playwright/test';
import { writeXlsx, type SheetSpec } from '../unit/fixtures/xlsx';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const REGISTRATION = 'Registro de trabajadores/as (prueba)';
export const FOLLOW_UP = 'Seguimiento de trabajadores/as (prueba)';
export const WORKER = 'María Pérez Ramos';
export const LIST = 'trabajadoras_prueba';

const STATUS_CHOICES = [
  ['status', 'afiliada', 'Afiliada al ISSS'],
  ['status', 'no_afiliada', 'No afiliada'],
  ['status', 'en_tramite', 'Afiliación en trámite'],
];

const REGISTRATION_SHEETS: SheetSpec[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label', 'save_to'],
      ['text', 'full_name', 'Nombre completo', ''],
      ['select_one sex', 'sex', 'Sexo', 'sex'],
      ['integer', 'age', 'Edad', 'age'],
      ['select_one status', 'isss', 'Afiliación al ISSS', 'isss_status'],
    ],
  },
  {
    name: 'choices',
    rows: [['list_name', 'name', 'label'], ['sex', 'mujer', 'Mujer'], ['sex', 'hombre', 'Hombre'], ...STATUS_CHOICES],
  },
  { name: 'entities', rows: [['list_name', 'label'], [LIST, '${full_name}']] },
  { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_worker_registration', '1', REGISTRATION]] },
];

const FOLLOW_UP_SHEETS: SheetSpec[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label', 'calculation', 'save_to'],
      [`select_one_from_file ${LIST}.csv`, 'worker', 'Trabajador/a', '', ''],
      ['calculate', 'previous', '', `instance('${LIST}')/root/item[name=\${worker}]/isss_status`, ''],
      ['note', 'previous_note', 'Afiliación anotada: ${previous}', '', ''],
      ['select_one status', 'isss_now', 'Afiliación hoy', '', 'isss_status'],
    ],
  },
  { name: 'choices', rows: [['list_name', 'name', 'label'], ...STATUS_CHOICES] },
  { name: 'entities', rows: [['list_name', 'entity_id'], [LIST, '${worker}']] },
  { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_worker_followup', '1', FOLLOW_UP]] },
];

const xlsx = (name: string, sheets: SheetSpec[]) => ({ name, mimeType: XLSX_TYPE, buffer: Buffer.from(writeXlsx(sheets)) });

export const REGISTRATION_FORM = xlsx('registro.xlsx', REGISTRATION_SHEETS);
export const FOLLOW_UP_FORM = xlsx('seguimiento.xlsx', FOLLOW_UP_SHEETS);

export const next = (page: Page) => page.getByRole('button', { name: 'Siguiente' }).click();

export async function importForm(page: Page, file: typeof REGISTRATION_FORM): Promise<void> {
  await page.goto('/#/forms/import');
  await page.getByLabel(/^Archivo XLSForm/).setInputFiles(file);
  await expect(page.getByText('El formulario se puede usar.')).toBeVisible();
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page).toHaveURL(/#\/forms$/);
}

export async function finalize(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  // The forms list once finalized (an earlier interview's toast may still be showing).
  await expect(page).toHaveURL(/#\/forms$/);
  await expect(page.getByText('Entrevista finalizada y guardada.').first()).toBeVisible();
}

/** From the forms list: the worker registered (a woman of 34, not affiliated) and the interview finalized. */
export async function register(page: Page): Promise<void> {
  await page.getByRole('link', { name: `Iniciar entrevista: ${REGISTRATION}` }).click();
  await page.getByLabel('Nombre completo').fill(WORKER);
  await next(page);
  await page.getByRole('radio', { name: 'Mujer', exact: true }).check();
  await next(page);
  await page.getByLabel('Edad').fill('34');
  await next(page);
  await page.getByRole('radio', { name: 'No afiliada', exact: true }).check();
  await next(page);
  await finalize(page);
}
