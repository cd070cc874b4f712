import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openControlled } from './helpers';

// Enumerators' days are El Salvador's: the date filter must follow the device's zone.
test.use({ timezoneId: 'America/El_Salvador' });

const FORM_ID = 'e2e_hogares';
const TOTAL = 300;

/**
 * Writes a form and TOTAL responses straight into IndexedDB, as a bundle import would
 * leave them. Raw IndexedDB bypasses the app's write path, so the list's index fields
 * (ixLive, ixDepartment: see src/lib/db/response-index.ts) are set here by hand.
 * Response i: enumerator Ana/Beto/Carla by i % 3, department by i % 4, draft when
 * i % 5 == 0, started at 12:00 UTC on 1 March 2026 plus i hours; finalized ones carry
 * one correction.
 */
async function storeResponses(page: Page): Promise<void> {
  await page.evaluate(
    async ({ formId, total }) => {
      const departments = ['morazan', 'la_union', 'san_miguel', 'usulutan'];
      const labels: Record<string, string> = { morazan: 'Morazán', la_union: 'La Unión', san_miguel: 'San Miguel', usulutan: 'Usulután' };
      const hlc = '2026-03-01T00:00:00.000Z-0000-e2e';
      const envelope = (id: string, kind: string, fields: string[]) => ({
        id,
        kind,
        hlc,
        fieldHlc: Object.fromEntries([...fields, 'deleted'].map((f) => [f, hlc])),
        deviceId: 'e2e',
        createdAt: '2026-03-01T00:00:00.000Z',
        updatedAt: '2026-03-01T00:00:00.000Z',
        deleted: false,
        dirty: 0,
      });
      const formData = {
        formId,
        version: '1',
        title: { es: 'Hogares de prueba', en: 'Test households' },
        languages: ['es', 'en'],
        defaultLanguage: 'es',
        warnings: [],
        questions: [
          { type: 'select_one', name: 'department', listName: 'department', label: { es: 'Departamento', en: 'Department' } },
          { type: 'integer', name: 'age', label: { es: 'Edad', en: 'Age' } },
          {
            type: 'repeat',
            name: 'member',
            label: { es: 'Miembro del hogar', en: 'Household member' },
            children: [{ type: 'text', name: 'member_name', label: { es: 'Nombre', en: 'Name' } }],
          },
        ],
        choices: { department: departments.map((name) => ({ name, label: { es: labels[name] } })) },
      };
      const responses = Array.from({ length: total }, (_, i) => {
        const finalized = i % 5 !== 0;
        const data = {
          formId,
          formVersion: '1',
          projectId: null,
          status: finalized ? 'finalized' : 'draft',
          answers: { department: departments[i % 4], age: String(20 + (i % 50)), member: [{ member_name: `Persona ${i}` }] },
          startedAt: new Date(Date.UTC(2026, 2, 1, 12) + i * 3_600_000).toISOString(),
          finalizedAt: finalized ? new Date(Date.UTC(2026, 2, 1, 13) + i * 3_600_000).toISOString() : null,
          enumerator: ['Ana', 'Beto', 'Carla'][i % 3],
          device: 'e2e-device',
          location: null,
          history: finalized
            ? [{ at: '2026-04-01T15:00:00.000Z', by: 'Supervisora', question: 'age', oldValue: '99', newValue: String(20 + (i % 50)) }]
            : [],
        };
        return { ...data, ...envelope(`r-${String(i).padStart(4, '0')}`, 'response', Object.keys(data)), ixLive: 1, ixDepartment: data.answers.department };
      });
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('piso');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['forms', 'responses'], 'readwrite');
        tx.objectStore('forms').put({ ...formData, ...envelope('form-e2e-1', 'form', Object.keys(formData)) });
        for (const r of responses) tx.objectStore('responses').put(r);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { formId: FORM_ID, total: TOTAL },
  );
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('responses are listed, filtered and paged offline, and one opens with its answers and history', async ({ page, context }) => {
  await openControlled(page);
  await context.setOffline(true);
  await storeResponses(page);
  await page.goto(`/#/forms/${FORM_ID}/responses`);

  const rows = page.getByRole('list', { name: 'Respuestas' }).getByRole('link');
  const count = page.getByRole('status').filter({ hasText: 'respuestas' });
  await expect(page.getByRole('heading', { name: /Hogares de prueba/ })).toBeVisible();
  await expect(count).toHaveText('300 respuestas');
  await expect(rows).toHaveCount(50);
  // Newest first: response 299, by Carla.
  await expect(rows.first()).toContainText('Carla');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Cargar más' }).click();
  await expect(rows).toHaveCount(100);

  await page.getByLabel('Encuestador/a').selectOption('Ana');
  await expect(count).toHaveText('100 respuestas');
  await expect(rows).toHaveCount(50);
  // The department names come from the form's choice labels.
  await page.getByLabel('Departamento').selectOption({ label: 'Morazán' });
  await expect(count).toHaveText('25 respuestas');
  await page.getByLabel('Estado', { exact: true }).selectOption({ label: 'Finalizada' });
  await expect(count).toHaveText('20 respuestas');
  await expect(rows).toHaveCount(20);
  await expect(page.getByRole('button', { name: 'Cargar más' })).toHaveCount(0);
  for (const text of ['Finalizada', 'Ana', 'Morazán']) await expect(rows.first()).toContainText(text);

  await page.getByRole('button', { name: 'Quitar filtros' }).click();
  await expect(count).toHaveText('300 respuestas');
  // A whole local day holds 24 hourly responses.
  await page.getByLabel('Desde').fill('2026-03-02');
  await page.getByLabel('Hasta').fill('2026-03-02');
  await expect(count).toHaveText('24 respuestas');
  await page.getByLabel('Encuestador/a').selectOption('Beto');
  await expect(count).toHaveText('8 respuestas');
  await page.getByLabel('Estado', { exact: true }).selectOption({ label: 'Finalizada' });
  await expect(count).toHaveText('6 respuestas');

  await rows.first().click();
  await expect(page.getByRole('heading', { name: 'Hogares de prueba' })).toBeVisible();
  await expect(page.getByText('e2e-device')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^Beto$/ })).toBeVisible();
  await expect(page.getByRole('term').filter({ hasText: 'Departamento' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^La Unión$/ })).toBeVisible();
  await expect(page.getByRole('term').filter({ hasText: 'Miembro del hogar' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Corregir' })).toHaveAttribute('href', /^#\/fill\/r-\d{4}$/);
  const history = page.getByRole('table', { name: 'Historial de correcciones' });
  await expect(history.getByRole('row')).toHaveCount(2);
  await expect(history.getByRole('cell', { name: 'Edad' })).toBeVisible();
  await expect(history.getByRole('cell', { name: '99', exact: true })).toBeVisible();
  await expect(history.getByRole('cell', { name: 'Supervisora' })).toBeVisible();

  expect(await axeViolations(page)).toEqual([]);

  // The same view in English.
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Test households' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Correction history' }).getByRole('cell', { name: 'Age' })).toBeVisible();
});
