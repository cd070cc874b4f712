import { expect, type Page } from '@playwright/test';

export const SEED_CODE = 'SLV/16/03/RBS';
export const SEED_TITLE_ES = 'Extensión de la seguridad social y consolidación del piso de protección social en El Salvador';

/** Opens the app and waits until the service worker controls the page (offline-ready). */
export async function openControlled(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.ready;
    return !!reg.active;
  });
  // The first load is not controlled yet; a reload puts the page under the worker.
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
  }
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

export async function seedVisible(page: Page): Promise<void> {
  await expect(page.getByRole('link', { name: SEED_TITLE_ES })).toBeVisible();
}

/** The default survey's title in Spanish, as the forms list and the interview show it. */
export const SURVEY_ES = 'Cobertura de seguridad social – trabajadores/as (SLV)';

/** Answers a single-choice question and goes to the next screen. */
export async function choose(page: Page, choice: string): Promise<void> {
  await page.getByRole('radio', { name: choice, exact: true }).check();
  await page.getByRole('button', { name: 'Siguiente' }).click();
}

/** Types an answer and goes to the next screen. */
export async function type(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Siguiente' }).click();
}

/** A response as stored on the device, read straight from IndexedDB (undefined when there is none). */
export async function storedResponse(page: Page, id: string): Promise<Record<string, any> | undefined> {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('piso');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('responses').objectStore('responses').get(key);
          get.onsuccess = () => {
            resolve(get.result);
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    id,
  );
}
