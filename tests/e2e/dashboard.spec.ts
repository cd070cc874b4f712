import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { choose, openControlled, SEED_TITLE_ES, SURVEY_ES, type } from './helpers';

const COVERAGE_ES = 'Cobertura efectiva de la seguridad social entre las personas ocupadas';
const DOMESTIC_ES = 'Trabajador/a del servicio doméstico remunerado (para un hogar)';
const OWN_ACCOUNT_ES = 'Trabajador/a por cuenta propia (sin empleados)';

async function start(page: Page, sex: 'Mujer' | 'Hombre'): Promise<void> {
  await page.getByRole('link', { name: 'Encuestas', exact: true }).click();
  await page.getByRole('link', { name: `Iniciar entrevista: ${SURVEY_ES}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: SURVEY_ES })).toBeVisible();
  await choose(page, 'Sí');
  await choose(page, 'Morazán');
  await choose(page, 'Rural');
  await choose(page, sex);
  await type(page, 'Edad en años cumplidos', '34');
}

async function finalize(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  // The previous interview's toast may still be up.
  await expect(page.getByText('Entrevista finalizada y guardada.').last()).toBeVisible();
  await expect(page).toHaveURL(/#\/forms$/);
}

/** A woman in paid domestic work who contributes to nothing: employed, not covered. */
async function domesticWorker(page: Page): Promise<void> {
  await start(page, 'Mujer');
  await choose(page, 'Sí');
  await choose(page, DOMESTIC_ES);
  await choose(page, 'Hogares como empleadores (servicio doméstico)');
  for (let i = 0; i < 4; i++) await choose(page, 'No'); // contract, employer contributions, leave, sick leave
  await choose(page, 'No está afiliado/a ni cubierto/a');
  await choose(page, 'No cotiza');
  await choose(page, 'No'); // knows the special regime
  await page.getByRole('checkbox', { name: 'La cuota es muy cara' }).check();
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await choose(page, 'Sí'); // willing
  await page.getByRole('button', { name: 'Siguiente' }).click(); // income left blank
  await choose(page, 'No'); // accident
  await choose(page, 'No sabe'); // non-contributory benefit
  await finalize(page);
}

/** A self-employed man contributing to the ISSS special regime: employed, covered. */
async function ownAccountWorker(page: Page): Promise<void> {
  await start(page, 'Hombre');
  await choose(page, 'Sí');
  await choose(page, OWN_ACCOUNT_ES);
  await choose(page, 'Comercio, restaurantes u hoteles');
  await choose(page, 'Solo en la alcaldía');
  await choose(page, 'No');
  await type(page, 'Incluyéndose usted, ¿cuántas personas trabajan habitualmente en el negocio?', '1');
  await choose(page, 'Cotizante del régimen especial de trabajadores independientes');
  await choose(page, 'No cotiza');
  await type(page, 'En los últimos 12 meses, ¿en cuántos meses se pagaron sus cotizaciones?', '12');
  await type(page, 'Aproximadamente, ¿cuánto gana al mes en su trabajo principal? (US$)', '350');
  await choose(page, 'No');
  await choose(page, 'No');
  await finalize(page);
}

/** A woman not employed: counted nowhere. */
async function notEmployed(page: Page): Promise<void> {
  await start(page, 'Mujer');
  await choose(page, 'No');
  await choose(page, 'No');
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await finalize(page);
}

async function openDashboard(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Proyectos', exact: true }).click();
  await page.getByRole('link', { name: SEED_TITLE_ES }).click();
  await page.getByRole('link', { name: 'Tablero' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Tablero/ })).toBeVisible();
}

const coverageRow = (page: Page, status: string) => page.getByTestId('coverage-table').getByRole('row').filter({ hasText: status });

async function goOffline(page: Page, context: BrowserContext): Promise<void> {
  await openControlled(page);
  await context.setOffline(true);
}

test('offline: interviews move the coverage chart; the figure is recorded as an actual; IATI XML; languages', async ({ page, context }) => {
  test.setTimeout(180_000);
  await goOffline(page, context);
  await openDashboard(page);
  await expect(coverageRow(page, DOMESTIC_ES)).toContainText('— (n = 0)');

  await domesticWorker(page);
  await ownAccountWorker(page);
  await notEmployed(page);

  await openDashboard(page);
  await expect(page.getByText('Personas ocupadas en la muestra: 2.')).toBeVisible();
  await expect(page.getByText('Cifra de una muestra de campo sin ponderar', { exact: false }).first()).toBeVisible();
  const domestic = coverageRow(page, DOMESTIC_ES);
  await expect(domestic.getByRole('cell').nth(0)).toHaveText('0 % (n = 1)');
  await expect(coverageRow(page, OWN_ACCOUNT_ES).getByRole('cell').nth(1)).toHaveText('100 % (n = 1)');
  await expect(page.getByTestId('responses-ss_coverage_slv-table').getByRole('cell')).toHaveText(['3']);

  // The shipped coverage indicators under objective 2; record effective coverage as an actual.
  await page.getByRole('link', { name: 'SLV/16/03/RBS' }).click();
  await page.getByRole('button', { name: 'Añadir los indicadores de cobertura de la encuesta a OBJ 2' }).click();
  await page.getByRole('link', { name: COVERAGE_ES, exact: true }).click();
  await expect(page.getByTestId('computed-value')).toHaveText('50 %');
  await expect(page.getByText('n = 2 personas ocupadas')).toBeVisible();
  await page.getByRole('button', { name: 'Registrar como valor real' }).click();
  const total = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Total', exact: true }) }).last();
  await expect(total).toContainText('50 %');
  await expect(total).toContainText(/Encuesta ss_coverage_slv, versión 2025011501, n = 2, calculado el/);
  await expect(page.getByRole('row').filter({ hasText: 'Hombres' }).last()).toContainText('100 %');
  // Recording again keeps the earlier values in the history.
  await page.getByRole('button', { name: 'Registrar como valor real' }).click();
  await expect(page.getByText('3 valores anteriores reemplazados')).toBeVisible();

  // The dashboard shows its progress; IATI export downloads the project with the indicator.
  await page.goBack();
  await page.getByRole('link', { name: 'Tablero' }).click();
  await expect(page.getByTestId('progress-table')).toContainText(COVERAGE_ES);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportar a IATI (XML)' }).click()]);
  expect(download.suggestedFilename()).toBe('XM-DAC-41302-SLV-16-03-RBS.xml');
  const xml = await readFile((await download.path())!, 'utf8');
  expect(xml).toContain('<iati-identifier>XM-DAC-41302-SLV-16-03-RBS</iati-identifier>');
  expect(xml).toMatch(/<result type="2"[\s\S]*<indicator measure="2"[\s\S]*Cobertura efectiva de la seguridad social[\s\S]*<actual value="50"/);

  // Another language: table headers and the labels drawn on the charts follow.
  const canvas = page.getByTestId('coverage-canvas');
  await expect(canvas).toHaveAttribute('data-labels', /Mujeres\|Hombres/);
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByTestId('coverage-table').getByRole('columnheader', { name: 'Status in employment' })).toBeVisible();
  await expect(coverageRow(page, 'Own-account worker (no employees)').getByRole('cell').nth(1)).toHaveText('100% (n = 1)');
  await expect(canvas).toHaveAttribute('data-labels', /Own-account worker \(no employees\).*\|Women\|Men\|Total\|Coverage \(%\)$/);
  await page.getByLabel('Language').selectOption('fr');
  await expect(page.getByTestId('coverage-table').getByRole('columnheader', { name: 'Femmes' })).toBeVisible();
  await expect(page.getByTestId('responses-ss_coverage_slv-canvas')).toHaveAttribute('data-labels', /Entretiens/);
});

test('no axe violations on the dashboard, and touch targets of 44 px', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: SEED_TITLE_ES }).click();
  await page.getByRole('button', { name: 'Añadir los indicadores de cobertura de la encuesta a OBJ 2' }).click();
  await page.getByRole('link', { name: 'Tablero' }).click();
  await expect(page.getByTestId('coverage-table')).toBeVisible();
  await expect(page.getByTestId('progress-table')).toContainText(COVERAGE_ES);
  await expect(page.locator('canvas').first()).toBeVisible();
  // One interviews-per-month table for each form with interviews (the seed's case forms), named for its form.
  for (const form of ['Registro de personas trabajadoras', 'Visita de seguimiento']) {
    await expect(page.getByRole('region', { name: `Tabla: Entrevistas finalizadas por mes: ${form}` })).toBeVisible();
  }
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('main a, main button, main input, main select')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ el }) => el.outerHTML.slice(0, 80)),
  );
  expect(small).toEqual([]);
});

test("a second project's dashboard shows its own figures, never the SLV survey's", async ({ page }) => {
  await page.goto('/#/projects/new');
  await page.getByRole('textbox', { name: 'Código', exact: true }).fill('GTM/20/01/TST');
  await page.getByLabel('En español').first().fill('Registro de trabajadoras de Guatemala');
  await page.getByLabel('Inicio').fill('2026-01-01');
  await page.getByLabel('Fin', { exact: true }).fill('2026-12-31');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { name: 'Registro de trabajadoras de Guatemala' })).toBeVisible();
  await page.getByRole('link', { name: 'Tablero' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Tablero/ })).toBeVisible();
  await expect(page.getByText('Este proyecto no tiene un indicador de cobertura calculado a partir de sus encuestas.')).toBeVisible();
  await expect(page.getByText('Este proyecto aún no tiene encuestas.')).toBeVisible();
  await expect(page.getByTestId('coverage-table')).toHaveCount(0);
  await expect(page.getByTestId('responses-ss_coverage_slv-table')).toHaveCount(0);
});
