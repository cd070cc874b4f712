import { expect, test } from '@playwright/test';

test('settings shows storage used and available, and asks for persistence (granted)', async ({ page }) => {
  // Headless Chromium always answers false: stub that one browser boundary to see both answers.
  await page.addInitScript(() => {
    let granted = false;
    navigator.storage.persist = async () => (granted = true);
    navigator.storage.persisted = async () => granted;
  });
  await page.goto('/#/settings');
  await expect(page.getByTestId('storage-used')).toHaveText(/\d/);
  await expect(page.getByTestId('storage-available')).toHaveText(/\d/);
  await expect(page.getByTestId('storage-persisted')).toContainText('No persistente');
  await page.getByRole('button', { name: 'Pedir almacenamiento persistente' }).click();
  await expect(page.getByTestId('storage-persisted')).toContainText('Persistente: el navegador no borrará');
});

test('settings explains what to do when persistence is refused', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.storage.persist = async () => false;
    navigator.storage.persisted = async () => false;
  });
  await page.goto('/#/settings');
  await page.getByRole('button', { name: 'Pedir almacenamiento persistente' }).click();
  await expect(page.getByRole('alert')).toContainText('El navegador no lo concedió');
});

test('when IndexedDB cannot be opened, a translated screen says so', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('piso.language', 'en');
    // As in some private modes: opening any database fails at once.
    IDBFactory.prototype.open = function () {
      throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
    };
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Piso cannot store data in this browser' })).toBeVisible();
  await expect(page.getByText('The browser does not allow storing data')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
});
