// Autosave never takes a failed write for a saved one: the screen says where the
// answers are, and when the page is left, they come back on return.
import { expect, test, type Page } from '@playwright/test';
import { choose, storedResponse, SURVEY_ES } from './helpers';

const storedAnswers = async (page: Page, id: string) => (await storedResponse(page, id))?.answers;

const backupOf = (page: Page, id: string) => page.evaluate((key) => localStorage.getItem(`piso.fill.unsaved.${key}`), id);

test('a save that fails stays unsaved and says so; the page is left; the answers come back', async ({ page }) => {
  await page.goto('/#/forms');
  await page.getByRole('link', { name: `Iniciar entrevista: ${SURVEY_ES}` }).click();
  await expect(page).toHaveURL(/#\/fill\/[0-9a-f-]{36}$/);
  const url = page.url();
  const id = url.split('/').pop()!;
  await choose(page, 'Sí');
  await choose(page, 'Morazán');
  await expect.poll(() => storedAnswers(page, id)).toMatchObject({ consent: 'yes', department: 'SV-MO' });

  // The browser loses IndexedDB under the page (as WebKit does: "Connection to Indexed
  // Database server lost"): every write fails from now on, reopening included.
  await page.evaluate(() => {
    const lost = () => {
      throw new DOMException('Connection to Indexed Database server lost. Refresh the page to try again', 'UnknownError');
    };
    IDBObjectStore.prototype.put = lost;
    IDBObjectStore.prototype.add = lost;
  });
  await choose(page, 'Rural');
  const warning = page.getByTestId('save-failing');
  await expect(warning).toHaveAttribute('role', 'alert');
  await expect(warning).toContainText('por ahora solo están en esta pantalla');
  await expect(warning).toContainText('Se vuelve a intentar guardar sola');
  await page.getByRole('radio', { name: 'Mujer', exact: true }).check();
  // Kept in localStorage at once, with this device's clock, not only when the page is hidden.
  await expect.poll(async () => JSON.parse((await backupOf(page, id)) ?? '{}').answers).toMatchObject({ area: 'rural', sex: 'female' });
  expect(JSON.parse((await backupOf(page, id))!).hlc).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z-\d{4}-/);
  expect(await storedAnswers(page, id)).not.toHaveProperty('area');

  // The enumerator leaves the page (another site, the phone's home screen), then returns.
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: SURVEY_ES })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Mujer', exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Atrás' }).click();
  await expect(page.getByRole('radio', { name: 'Rural', exact: true })).toBeChecked();
  await expect(page.getByTestId('save-failing')).toHaveCount(0);
  // Written this time, and the copy of personal answers is gone from localStorage.
  await expect.poll(() => storedAnswers(page, id)).toMatchObject({ consent: 'yes', department: 'SV-MO', area: 'rural', sex: 'female' });
  await expect.poll(() => backupOf(page, id)).toBeNull();
});

test('when writes work again, the warning goes away by itself and nothing is lost', async ({ page }) => {
  await page.goto('/#/forms');
  await page.getByRole('link', { name: `Iniciar entrevista: ${SURVEY_ES}` }).click();
  await expect(page).toHaveURL(/#\/fill\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    (window as unknown as { restoreWrites: () => void }).restoreWrites = () => (IDBObjectStore.prototype.put = put);
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
  });
  await choose(page, 'Sí');
  const warning = page.getByTestId('save-failing');
  await expect(warning).toContainText('El dispositivo no tiene espacio libre');
  await page.evaluate(() => (window as unknown as { restoreWrites: () => void }).restoreWrites());
  // The next retry (within a few seconds) writes it.
  await expect(warning).toHaveCount(0, { timeout: 15_000 });
  await expect.poll(() => storedAnswers(page, id)).toMatchObject({ consent: 'yes' });
  await expect.poll(() => backupOf(page, id)).toBeNull();
});

test('another tab upgrading the database gets the answers written first, and this tab asks instead of reloading', async ({ context, page }) => {
  await page.goto('/#/forms');
  await page.getByRole('link', { name: `Iniciar entrevista: ${SURVEY_ES}` }).click();
  await expect(page).toHaveURL(/#\/fill\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await choose(page, 'Sí');
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await page.getByRole('radio', { name: 'Morazán', exact: true }).check();

  // A newer version of the app in another tab opens the database with a higher version.
  const other = await context.newPage();
  await other.goto('/#/settings');
  await other.evaluate(async () => {
    const version = (await indexedDB.databases()).find((d) => d.name === 'piso')!.version!;
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('piso', version + 10);
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
  });
  await expect(page.getByRole('alert').filter({ hasText: 'Piso se actualizó en otra pestaña' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Actualizar ahora' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await expect(page.getByRole('radio', { name: 'Morazán', exact: true })).toBeChecked();
  expect(await storedAnswers(other, id)).toMatchObject({ consent: 'yes', department: 'SV-MO' });
});
