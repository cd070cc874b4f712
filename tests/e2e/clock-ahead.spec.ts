// A bundle from a device whose date is days ahead: the import report says so.
import { expect, test } from '@playwright/test';
import { withoutSavePicker } from './save-picker';

test('the import report names the records whose clock is ahead of this device', async ({ browser }) => {
  const deviceA = await browser.newContext();
  const a = await deviceA.newPage();
  // Device A's date was set three days ahead.
  await a.clock.setSystemTime(new Date(Date.now() + 3 * 24 * 60 * 60 * 1000));
  await a.goto('/#/projects/new');
  await a.getByRole('textbox', { name: 'Código', exact: true }).fill('SLV/26/01/FUT');
  await a.getByLabel('En español').first().fill('Proyecto del futuro');
  await a.getByRole('button', { name: 'Guardar' }).click();
  await expect(a.getByRole('heading', { name: 'Proyecto del futuro' })).toBeVisible();
  await a.goto('/#/bundles');
  await withoutSavePicker(a);
  await a.getByRole('radio', { name: 'Todo lo que hay en este dispositivo' }).check();
  await a.getByRole('button', { name: 'Crear el paquete' }).click();
  const downloading = a.waitForEvent('download');
  await a.getByRole('button', { name: 'Descargar', exact: true }).click();
  const path = await (await downloading).path();

  const deviceB = await browser.newContext();
  const b = await deviceB.newPage();
  await b.goto('/#/bundles/import');
  await b.getByLabel('Archivo del paquete').setInputFiles(path);
  const note = b.getByTestId('import-ahead-of-clock');
  await expect(note).toHaveText(/^1 registro trae un reloj más adelantado que la hora de este dispositivo/);
  await b.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(b.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();
  await expect(note).toBeVisible();
  await b.goto('/');
  await expect(b.getByRole('link', { name: 'Proyecto del futuro' })).toBeVisible();
  await deviceA.close();
  await deviceB.close();
});
