// `begin loop over animals`: imported offline, the interview asks the loop's questions
// once per choice of the list (pyxform's groups, labels with the choice's label), and
// the finalized response shows each answer on the response page, kept under the path
// pyxform's XForm gives it (l/<choice>/<question>).
import { expect, test, type Page } from '@playwright/test';
import { writeXlsx, type SheetSpec } from '../unit/fixtures/xlsx';
import { openControlled, storedResponse } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TITLE = 'Animales por tipo';

const SHEETS: SheetSpec[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label', 'hint'],
      ['begin loop over animals', 'l', 'Animales', ''],
      ['integer', 'count', '¿Cuántas %(label)s tiene?', 'Cuente cada %(name)s'],
      ['end loop', '', '', ''],
    ],
  },
  {
    name: 'choices',
    rows: [
      ['list_name', 'name', 'label'],
      ['animals', 'vaca', 'vacas'],
      ['animals', 'none', 'ninguno'],
      ['animals', 'cabra', 'cabras'],
    ],
  },
  { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_loop', '1', TITLE]] },
];

const next = (page: Page) => page.getByRole('button', { name: 'Siguiente' }).click();

test('a loop over a list asks its questions once per choice, offline, and the response shows each answer', async ({ page }) => {
  await openControlled(page);
  await page.context().setOffline(true);
  await page.getByRole('link', { name: 'Encuestas' }).click();
  await page.getByRole('link', { name: 'Importar XLSForm' }).click();
  await page.getByLabel(/^Archivo XLSForm/).setInputFiles([{ name: 'animales.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(writeXlsx(SHEETS)) }]);
  await expect(page.getByText('El formulario se puede usar.')).toBeVisible();
  // Honoured: no warning leaves the loop out.
  await expect(page.getByText(/begin loop/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Guardar formulario' }).click();
  await expect(page).toHaveURL(/#\/forms$/);

  await page.getByRole('link', { name: `Iniciar entrevista: ${TITLE}` }).click();
  await expect(page.getByText('Cuente cada vaca')).toBeVisible();
  await page.getByLabel('¿Cuántas vacas tiene?').fill('3');
  await next(page);
  await expect(page.getByText('Cuente cada cabra')).toBeVisible();
  await page.getByLabel('¿Cuántas cabras tiene?').fill('7');
  await next(page);
  // `none` has no group of its own, as in pyxform: the loop ends after cabras.
  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await expect(page.getByText('ninguno')).toHaveCount(0);
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  await expect(page.getByText('Entrevista finalizada y guardada.')).toBeVisible();

  await page.getByRole('link', { name: `Respuestas: ${TITLE}` }).click();
  await page.getByRole('list', { name: 'Respuestas' }).getByRole('link').first().click();
  const answer = (label: string) => page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  await expect(answer('¿Cuántas vacas tiene?')).toHaveText('3');
  await expect(answer('¿Cuántas cabras tiene?')).toHaveText('7');
  const id = /#\/responses\/([^/?]+)$/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  const stored = await storedResponse(page, decodeURIComponent(id!));
  expect(stored?.answers).toMatchObject({ 'l/vaca/count': '3', 'l/cabra/count': '7' });
});
