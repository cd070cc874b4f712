// A follow-up visit's answer names a worker by entity id: the response page shows the
// worker's label (in the answers and in the corrections history), links to the worker,
// and shows an id this device's list lacks as the id, marked, until a bundle brings
// the worker. Records arrive in bundles, as from another device.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Envelope, Question } from '../../src/lib/domain/types';
import { bundleText, record } from './bundle-file';
import { openControlled } from './helpers';

const es = (text: string) => ({ es: text });
const AT = '2026-03-01T10:00:00.000Z';
const HLC = `${AT}-0000-e2e-other-device`;

const QUESTIONS: Question[] = [
  { type: 'select_one', name: 'worker', label: es('Trabajadora'), itemset: { file: 'workers.csv', value: 'name', label: 'label' } },
  { type: 'select_one', name: 'status', listName: 'st', label: es('Situación') },
];

const form = () =>
  record('form', 'form-visita', {
    formId: 'visita',
    version: '1',
    title: es('Visita de seguimiento'),
    languages: ['es'],
    defaultLanguage: 'es',
    questions: QUESTIONS,
    choices: { st: [{ name: 'formal', label: es('Formal') }, { name: 'informal', label: es('Informal') }] },
    warnings: [],
    projectId: null,
  });

/** A record whose map fields (`field/<subkey>`) carry a clock per entry, as lib/domain/merge-fields declares. */
function withEntryClocks(base: Envelope, maps: Record<string, string[]>): Envelope {
  const fieldHlc = { ...base.fieldHlc };
  for (const [field, keys] of Object.entries(maps)) {
    delete fieldHlc[field];
    for (const key of keys) fieldHlc[`${field}/${key}`] = HLC;
  }
  return { ...base, fieldHlc };
}

/** A finalized visit, corrected once: the worker was first w000999. */
function visit(id: string, worker: string): Envelope {
  const edit = { id: `${id}-edit`, at: AT, by: 'Ana', question: 'worker', oldValue: 'w000999', newValue: worker };
  const answers = { worker, status: 'formal' };
  const base = record('response', id, {
    formId: 'visita',
    formVersion: '1',
    projectId: null,
    status: 'finalized',
    startedAt: AT,
    finalizedAt: AT,
    answers,
    history: [edit],
  });
  return withEntryClocks(base, { answers: Object.keys(answers), history: [edit.id] });
}

/** A worker registered on another device (its create visit: an entity known only from updates is not on the list). */
function worker(entityId: string, label: string): Envelope {
  const properties = { department: 'SS' };
  const registration = {
    id: `reg-${entityId}`,
    responseId: `reg-${entityId}`,
    formId: 'registro',
    formVersion: '1',
    action: 'create',
    at: AT,
    by: 'Ana',
    hlc: HLC,
    set: { label, ...properties },
    seen: {},
  };
  const base = record('entity', `workers:${entityId}`, { list: 'workers', entityId, label, properties, visits: [registration] });
  return withEntryClocks(base, { properties: Object.keys(properties), visits: [registration.id] });
}

async function importBundle(page: Page, name: string, records: Envelope[]): Promise<void> {
  await page.goto('/#/bundles/import');
  await page.getByLabel('Archivo del paquete').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(await bundleText(records)) });
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();
}

/** axe finds nothing in the page's main part, and every control there is a 44 px target (as tests/e2e/a11y.spec.ts checks). */
async function accessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).include('main').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('main a, main button, main input, main select, main textarea')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ el }) => el.outerHTML.slice(0, 100)),
  );
  expect(small).toEqual([]);
}

test("an entity answer shows the worker's label and links to the worker; one not on this device shows its id, marked, until it arrives", async ({ page }) => {
  await openControlled(page, '/#/bundles/import');
  await page.context().setOffline(true);
  await importBundle(page, 'visitas.json', [form(), worker('w000123', 'Luis Díaz'), visit('resp-visita-1', 'w000123'), visit('resp-visita-2', 'w000456')]);

  await page.goto('/#/responses/resp-visita-1');
  const answers = page.getByRole('region', { name: 'Respuestas' });
  const link = answers.getByRole('link', { name: 'Luis Díaz' });
  await expect(link).toBeVisible();
  await expect(answers.getByText('w000123')).toHaveCount(0);
  await expect(answers.getByText('Formal')).toBeVisible();
  // The correction's old worker is not on this device; the new one reads as its label.
  const history = page.getByRole('table');
  await expect(history.getByRole('row').nth(1)).toContainText('w000999 (no está en este dispositivo)');
  await expect(history.getByRole('row').nth(1)).toContainText('Luis Díaz');
  await accessible(page);
  await link.click();
  await expect(page).toHaveURL(/#\/entities\/workers\/w000123$/);

  await page.goto('/#/responses/resp-visita-2');
  await expect(answers.getByText('w000456 (no está en este dispositivo)')).toBeVisible();
  await expect(answers.getByRole('link')).toHaveCount(0);

  // The worker arrives: the same answer now reads as the worker's label.
  await importBundle(page, 'trabajadoras.json', [worker('w000456', 'Rosa Martínez')]);
  await page.goto('/#/responses/resp-visita-2');
  await expect(answers.getByRole('link', { name: 'Rosa Martínez' })).toBeVisible();
  await expect(answers.getByText('no está en este dispositivo')).toHaveCount(0);
});
