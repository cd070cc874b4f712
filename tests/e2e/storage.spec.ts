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

test('a full disk: the save is refused with a clear message, nothing is half-written, nothing typed is lost', async ({ page }) => {
  await page.goto('/#/projects/new');
  await page.getByRole('textbox', { name: 'Código', exact: true }).fill('FULL/1');
  await page.getByLabel('En español').first().fill('Proyecto sin espacio');
  // The browser's answer when the origin's quota is exhausted.
  await page.evaluate(() => {
    const full = () => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = full;
    IDBObjectStore.prototype.add = full;
  });
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('El dispositivo no tiene espacio libre: no se guardó nada.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Nuevo proyecto' })).toBeVisible();
  await expect(page.getByLabel('En español').first()).toHaveValue('Proyecto sin espacio');

  await page.goto('/');
  await page.reload();
  await expect(page.getByRole('link', { name: 'Proyecto sin espacio' })).toHaveCount(0);
});
