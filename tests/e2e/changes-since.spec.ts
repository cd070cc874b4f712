// "Only what changed since the last bundle sent to a destination": the checkpoint moves
// when the file is downloaded, not when it is made.
import { expect, test, type Page } from '@playwright/test';
import { withoutSavePicker } from './save-picker';

async function makeChanges(page: Page, destination: string) {
  await page.goto('/#/bundles');
  await withoutSavePicker(page);
  await page.getByRole('radio', { name: 'Solo lo que cambió desde el último paquete enviado a un destino' }).check();
  await page.getByLabel('Destino', { exact: true }).fill(destination);
  await page.getByRole('button', { name: 'Crear el paquete' }).click();
  // The result, with its download button (a toast may also be up).
  return page.getByRole('status').filter({ has: page.getByRole('button', { name: 'Descargar', exact: true }) });
}

test('a "changes since" bundle made but not downloaded leaves its records for the next one', async ({ page }) => {
  await page.goto('/');
  const first = await makeChanges(page, 'oficina');
  await expect(first).toContainText(/\d+ registros/);
  const everything = (await first.textContent())!.match(/(\d+) registros/)![1];

  // Made again without downloading: the same records.
  const again = await makeChanges(page, 'oficina');
  await expect(again).toContainText(`${everything} registros`);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Descargar', exact: true }).click();
  await downloading;

  // Downloaded: nothing left to send to that destination, until something changes.
  await expect(await makeChanges(page, 'oficina')).toContainText(/·\s*0 registros/);
  await page.goto('/#/projects/new');
  await page.getByRole('textbox', { name: 'Código', exact: true }).fill('SLV/26/02/CHG');
  await page.getByLabel('En español').first().fill('Proyecto nuevo');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { name: 'Proyecto nuevo' })).toBeVisible();
  await expect(await makeChanges(page, 'oficina')).toContainText(/·\s*1 registro(?!s)/);
  // Another destination still gets everything.
  await expect(await makeChanges(page, 'usb')).toContainText(`${Number(everything) + 1} registros`);
});
