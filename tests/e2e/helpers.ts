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
