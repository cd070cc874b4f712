import { expect, test } from '@playwright/test';
import { seedVisible } from './helpers';

// The first screen loads only its own strings; the rest follows it (issue 13.4). What
// the first screen shows with those other strings must still show.
test('the backup reminder shows on the projects list, with its own strings', async ({ page }) => {
  await page.goto('/');
  await seedVisible(page);
  // Count the seed as typed here: its changes have waited for a backup ever since.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('piso');
        open.onsuccess = () => {
          const tx = open.result.transaction('meta', 'readwrite');
          tx.objectStore('meta').put({ key: 'seededAt', value: '2000-01-01T00:00:00.000Z' });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.clock.setFixedTime(new Date('2030-01-01T12:00:00Z'));
  await page.reload();
  await seedVisible(page);
  await expect(page.getByRole('status').filter({ hasText: 'Hay cambios guardados solo en este dispositivo' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Hacer una copia' })).toBeVisible();
});

test('a screen opened first, not the projects list, has all its strings and the default survey', async ({ page }) => {
  await page.goto('/#/forms');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Cobertura de seguridad social – trabajadores/as (SLV)')).toBeVisible();
  // No key of a strings file shows as such (a dotted key is what i18next returns when a file is missing).
  await expect(page.locator('main')).not.toContainText(/\b(forms|fill|bundle|common)\.[a-zA-Z]+/);
});
