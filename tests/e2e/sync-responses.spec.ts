// A finalized interview corrected on two devices (two browser contexts), each on another
// question, then synced through one in-memory CouchDB-compatible server: both corrections
// and both audit entries reach both devices (issue 9, per-question merge).
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { PisoServer } from '../../src/server/server.mjs';
import { openControlled, SEED_TITLE_ES, storedResponse } from './helpers';
import { ADMIN, createDatabase, signIn, startServer, synced } from './sync-helpers';
import { replicated } from '../../src/lib/domain/merge';

// Each spec file its own port (specs run side by side): PISO_SYNC_PORT is sync.spec's, this one is next but one.
const SERVER_PORT = Number(process.env.PISO_SYNC_PORT ?? 5991) + 2;
const DATABASE = 'e2e-responses';
const RESPONSE_ID = 'r-e2e-1';
let server: PisoServer;

const HLC = '2026-03-01T00:00:00.000Z-0000-e2e';
const envelope = (id: string, kind: string, fieldHlc: Record<string, string>) => ({
  _id: id,
  id,
  kind,
  hlc: HLC,
  fieldHlc: { ...fieldHlc, deleted: HLC },
  deviceId: 'e2e',
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  deleted: false,
  pisoShape: 2,
});
const clocks = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, HLC]));

const FORM = {
  formId: 'e2e_corrections',
  version: '1',
  title: { es: 'Correcciones de prueba', en: 'Test corrections' },
  languages: ['es', 'en'],
  defaultLanguage: 'es',
  warnings: [],
  questions: [
    { type: 'select_one', name: 'department', listName: 'department', label: { es: 'Departamento', en: 'Department' } },
    { type: 'integer', name: 'age', label: { es: 'Edad', en: 'Age' } },
  ],
  choices: {
    department: [
      { name: 'morazan', label: { es: 'Morazán' } },
      { name: 'la_union', label: { es: 'La Unión' } },
    ],
  },
};

/** A finalized response as another device pushed it: one clock per answer (shape 2). */
const RESPONSE = {
  formId: FORM.formId,
  formVersion: '1',
  projectId: null,
  status: 'finalized',
  answers: { department: 'morazan', age: '34' },
  startedAt: '2026-03-01T12:00:00.000Z',
  finalizedAt: '2026-03-01T12:20:00.000Z',
  enumerator: 'Ana',
  device: 'e2e-device',
  location: null,
  history: [],
};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({}, info) => {
  server = await startServer(SERVER_PORT, String(info.project.use.baseURL));
  await createDatabase(server, DATABASE);
  const form = { ...FORM, ...envelope('form-e2e-corrections', 'form', clocks(Object.keys(FORM))) };
  const response = {
    ...RESPONSE,
    ...envelope(RESPONSE_ID, 'response', {
      ...clocks(Object.keys(RESPONSE).filter((key) => key !== 'answers' && key !== 'history')),
      'answers/department': HLC,
      'answers/age': HLC,
    }),
  };
  const put = await fetch(`${server.url}/${DATABASE}/_bulk_docs`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ docs: [form, response] }) });
  expect(put.ok).toBe(true);
});
test.afterAll(() => server.close());

async function device(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openControlled(page);
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
  await signIn(page, server, DATABASE);
  await synced(page);
  return { context, page };
}

interface Stored {
  answers: Record<string, unknown>;
  history: { id: string; question: string; oldValue: string; newValue: string; by: string }[];
}

const stored = async (page: Page) => (await storedResponse(page, RESPONSE_ID)) as Stored;

/** Opens the finalized response for correction, as "Corregir" does, as `who`. */
async function startCorrection(page: Page, who: string) {
  await page.evaluate((name) => localStorage.setItem('piso.enumerator', name), who);
  await page.goto(`/#/fill/${RESPONSE_ID}`);
  await page.reload(); // the enumerator's name is read when the app starts
  await expect(page.getByText('Está corrigiendo una entrevista finalizada', { exact: false })).toBeVisible();
}

test('a finalized response corrected on two devices, on different questions, keeps both corrections and both audit entries', async ({ browser }) => {
  const a = await device(browser);
  const b = await device(browser);

  // Offline, the enumerator corrects the age on A and the supervisor the department on B.
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await startCorrection(a.page, 'Ana');
  await a.page.getByRole('button', { name: 'Siguiente' }).click();
  await a.page.getByLabel('Edad').fill('43');
  await expect.poll(async () => (await stored(a.page)).history).toEqual([expect.objectContaining({ question: 'age', oldValue: '34', newValue: '43', by: 'Ana' })]);
  await startCorrection(b.page, 'Supervisora');
  await b.page.getByRole('radio', { name: 'La Unión', exact: true }).check();
  await expect
    .poll(async () => (await stored(b.page)).history)
    .toEqual([expect.objectContaining({ question: 'department', oldValue: 'morazan', newValue: 'la_union', by: 'Supervisora' })]);

  await a.context.setOffline(false);
  await b.context.setOffline(false);
  await synced(a.page);
  await synced(b.page);
  await synced(a.page);

  const onA = await stored(a.page);
  const onB = await stored(b.page);
  expect(onA.answers).toEqual({ department: 'la_union', age: '43' });
  // The same record on both, but for what each device keeps for itself (its change number, index mirrors).
  expect(replicated(onB as never)).toEqual(replicated(onA as never));
  expect(onA.history.map((e) => `${e.question}: ${e.oldValue} → ${e.newValue} (${e.by})`).sort()).toEqual([
    'age: 34 → 43 (Ana)',
    'department: morazan → la_union (Supervisora)',
  ]);
  const onServer = await (await fetch(`${server.url}/${DATABASE}/${RESPONSE_ID}`, { headers: ADMIN })).json();
  expect(onServer).toMatchObject({ answers: { department: 'la_union', age: '43' } });
  expect(onServer.history).toHaveLength(2);

  // Both devices' response pages show both corrections in the history.
  for (const page of [a.page, b.page]) {
    await page.goto(`/#/responses/${RESPONSE_ID}`);
    const history = page.getByRole('table', { name: 'Historial de correcciones' });
    await expect(history.getByRole('row').filter({ hasText: 'Edad' })).toContainText('43');
    await expect(history.getByRole('row').filter({ hasText: 'Departamento' })).toContainText('La Unión');
  }
});
