import { expect, test, type Page } from '@playwright/test';
import { choose, openControlled, storedResponse, SURVEY_ES, type } from './helpers';

/** Opens the forms page under the service worker, goes offline, starts the default survey. */
async function startOffline(page: Page, context: import('@playwright/test').BrowserContext): Promise<void> {
  await openControlled(page, '/#/forms');
  await context.setOffline(true);
  await page.getByRole('link', { name: `Iniciar entrevista: ${SURVEY_ES}` }).click();
  await expect(page).toHaveURL(/#\/fill\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: SURVEY_ES })).toBeVisible();
}

/** Consent and the general questions, up to "worked last week". */
async function generalPart(page: Page): Promise<void> {
  await choose(page, 'Sí');
  await choose(page, 'Morazán');
  await choose(page, 'Rural');
  await choose(page, 'Mujer');
  await type(page, 'Edad en años cumplidos', '34');
}

/** The response on screen, as stored. */
const storedOnScreen = async (page: Page) => (await storedResponse(page, page.url().split('/').pop()!))!;

async function finalize(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  await expect(page.getByText('Entrevista finalizada y guardada.')).toBeVisible();
}

test('a person not employed ends early, and the interview is finalized offline', async ({ page, context }) => {
  await startOffline(page, context);
  await expect(page.getByRole('progressbar', { name: 'Avance de la entrevista' })).toBeVisible();
  // Required: Next without an answer stays and says so.
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByText('Esta pregunta es obligatoria.')).toBeVisible();
  await generalPart(page);
  await choose(page, 'No');
  await expect(page.getByRole('group', { name: /^Aunque no trabajó la semana pasada/ })).toBeVisible();
  await choose(page, 'No');
  await expect(page.getByText('La persona no está ocupada: fin de la entrevista. Gracias.')).toBeVisible();
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByText('Todas las respuestas son válidas.', { exact: false })).toBeVisible();
  const url = page.url();
  await finalize(page);
  await page.goto(url);
  const stored = await storedOnScreen(page);
  expect(stored).toMatchObject({ status: 'finalized', answers: { consent: 'yes', worked_last_week: 'no', temp_absent: 'no', employed: '0' } });
  expect(stored.answers.status_employment).toBeUndefined();
  expect(stored.answers.end).toMatch(/^\d{4}-\d{2}-\d{2}T/);
});

test('a domestic worker is asked about the contract and the special regime', async ({ page, context }) => {
  await startOffline(page, context);
  await generalPart(page);
  await choose(page, 'Sí');
  await choose(page, 'Trabajador/a del servicio doméstico remunerado (para un hogar)');
  await choose(page, 'Hogares como empleadores (servicio doméstico)');
  await expect(page.getByRole('group', { name: '¿Tiene un contrato de trabajo por escrito?' })).toBeVisible();
  await choose(page, 'No');
  await choose(page, 'No'); // employer contributions
  await choose(page, 'No'); // paid leave
  await choose(page, 'No'); // paid sick leave
  await choose(page, 'No está afiliado/a ni cubierto/a');
  await choose(page, 'No cotiza');
  await expect(page.getByRole('group', { name: /^¿Sabía que el ISSS tiene regímenes especiales/ })).toBeVisible();
  await choose(page, 'No');
  await page.getByRole('checkbox', { name: 'La cuota es muy cara' }).check();
  await page.getByRole('checkbox', { name: 'Sus ingresos son irregulares' }).check();
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await choose(page, 'Sí'); // willing to contribute
  await page.getByRole('button', { name: 'Siguiente' }).click(); // income: optional, left blank
  await choose(page, 'No'); // accident
  await choose(page, 'No sabe'); // non-contributory benefit
  await finalize(page);
});

test('a self-employed person is asked about the business; constraints speak Spanish and English', async ({ page, context }) => {
  await startOffline(page, context);
  await choose(page, 'Sí');
  await choose(page, 'San Miguel');
  await choose(page, 'Urbana');
  await choose(page, 'Hombre');
  await page.getByLabel('Edad en años cumplidos').fill('7');
  await expect(page.getByText('La edad debe estar entre 14 y 99 años')).toBeVisible();
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByLabel('Edad en años cumplidos')).toBeVisible();

  await page.evaluate(() => localStorage.setItem('piso.language', 'en'));
  await page.reload();
  await expect(page.getByLabel('Age in completed years')).toHaveValue('7');
  await expect(page.getByText('Age must be 14–99')).toBeVisible();
  await page.getByLabel('Age in completed years').fill('52');
  await expect(page.getByText('Age must be 14–99')).toBeHidden();
  await page.evaluate(() => localStorage.setItem('piso.language', 'es'));
  await page.reload();
  await expect(page.getByLabel('Edad en años cumplidos')).toHaveValue('52');
  await page.getByRole('button', { name: 'Siguiente' }).click();

  await choose(page, 'Sí');
  await choose(page, 'Trabajador/a por cuenta propia (sin empleados)');
  await choose(page, 'Comercio, restaurantes u hoteles');
  await expect(page.getByRole('group', { name: /^¿Su negocio o actividad está inscrito/ })).toBeVisible();
  await choose(page, 'Solo en la alcaldía');
  await choose(page, 'No');
  await type(page, 'Incluyéndose usted, ¿cuántas personas trabajan habitualmente en el negocio?', '1');
  // The special regime for domestic workers does not fit a self-employed person.
  await page.getByRole('radio', { name: 'Cotizante del régimen especial de trabajadores domésticos' }).check();
  await expect(page.getByText('Régimen especial incompatible con la categoría ocupacional')).toBeVisible();
  await choose(page, 'Cotizante del régimen especial de trabajadores independientes');
  await choose(page, 'No cotiza');
  await type(page, 'En los últimos 12 meses, ¿en cuántos meses se pagaron sus cotizaciones?', '12');
  await type(page, 'Aproximadamente, ¿cuánto gana al mes en su trabajo principal? (US$)', '350,50');
  await choose(page, 'No');
  await choose(page, 'No');
  await finalize(page);
});

test('a reload in the middle keeps every answer and the screen; a correction is recorded', async ({ page, context }) => {
  await startOffline(page, context);
  await generalPart(page);
  await page.getByRole('radio', { name: 'Sí', exact: true }).check();
  // No pause: the pending save is written when the page goes away.
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Sí', exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Atrás' }).click();
  await expect(page.getByLabel('Edad en años cumplidos')).toHaveValue('34');
  await expect
    .poll(async () => (await storedOnScreen(page)).answers)
    .toMatchObject({ consent: 'yes', department: 'SV-MO', area: 'rural', sex: 'female', age: '34', worked_last_week: 'yes' });

  // Drafts are listed on the forms page and resumed where they were left.
  const url = page.url();
  await page.goto('/#/forms');
  await page.getByRole('link', { name: /^Continuar la entrevista iniciada el/ }).first().click();
  await expect(page).toHaveURL(url);
  await expect(page.getByLabel('Edad en años cumplidos')).toHaveValue('34');

  // Finish as a person not employed, then correct the age.
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await choose(page, 'No');
  await choose(page, 'No');
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await finalize(page);
  // A colleague corrects it later on this device.
  await page.evaluate(() => localStorage.setItem('piso.enumerator', 'Marta López'));
  await page.goto(url);
  await page.reload();
  await expect(page.getByText('Está corrigiendo una entrevista finalizada', { exact: false })).toBeVisible();
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Siguiente' }).click();
  await page.getByLabel('Edad en años cumplidos').fill('43');
  await expect.poll(async () => (await storedOnScreen(page)).history).toEqual([
    expect.objectContaining({ question: 'age', oldValue: '34', newValue: '43' }),
  ]);
  await page.reload();
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByLabel('Edad en años cumplidos')).toHaveValue('43');
  const stored = await storedOnScreen(page);
  expect(stored.status).toBe('finalized');
  expect(stored.history[0]).toMatchObject({ by: 'Marta López', at: expect.any(String) });

  // The response page shows the correction in its history.
  await page.goto(url.replace('#/fill/', '#/responses/'));
  const row = page.getByRole('row').filter({ hasText: 'Edad en años cumplidos' }).filter({ hasText: '43' });
  await expect(row).toContainText('34');
  await expect(row).toContainText('Marta López');
});
