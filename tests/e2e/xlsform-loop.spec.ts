// `begin loop over animals`: imported offline, the interview asks the loop's questions
// once per choice of the list (pyxform's groups, labels with the choice's label), and
// the finalized response shows each answer on the response page, kept under the path
// pyxform's XForm gives it (l/<choice>/<question>).
import { expect, test, type Page } from '@playwright/test';
import type { SheetSpec } from '../unit/fixtures/xlsx';
import { storedResponse } from './helpers';
import { startXlsForm } from './xlsform-start';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

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
  const id = await startXlsForm(page, 'animales.xlsx', SHEETS, TITLE, async () => {
    // Honoured: no warning leaves the loop out.
    await expect(page.getByText(/begin loop/)).toHaveCount(0);
  });
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
  const stored = await storedResponse(page, id);
  expect(stored?.answers).toMatchObject({ 'l/vaca/count': '3', 'l/cabra/count': '7' });
});
