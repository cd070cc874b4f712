// A new version is offered with a prompt and never reloads the page by itself.
// Two real builds (v1, then v2) are served one after the other from one folder.
import { expect, test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = 4290;
const URL = `http://127.0.0.1:${PORT}`;
let work: string;
let server: ChildProcess | undefined;

function build(version: string, outDir: string) {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    env: { ...process.env, PISO_BUILD_VERSION: version },
    stdio: 'inherit',
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  work = mkdtempSync(join(tmpdir(), 'piso-update-'));
  build('1.0.0-v1', join(work, 'v1'));
  build('1.0.0-v2', join(work, 'v2'));
  cpSync(join(work, 'v1'), join(work, 'served'), { recursive: true });
  server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--outDir', join(work, 'served'), '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  server.stdout?.resume();
  await expect.poll(async () => (await fetch(URL).catch(() => null))?.ok ?? false, { timeout: 30_000 }).toBe(true);
});

test.afterAll(() => {
  server?.kill();
  rmSync(work, { recursive: true, force: true });
});

test('a new version is offered, waits for the user, and keeps what was typed', async ({ page }) => {
  await page.goto(`${URL}/#/settings`);
  await expect(page.getByText('Versión 1.0.0-v1')).toBeVisible();
  await expect(page.getByText('Listo para usarse sin conexión.')).toBeVisible();
  await page.getByLabel('Nombre de quien encuesta en este dispositivo').fill('Ana');

  // Deploy v2 over v1 and let the page look for it, as it does on its own.
  rmSync(join(work, 'served'), { recursive: true, force: true });
  cpSync(join(work, 'v2'), join(work, 'served'), { recursive: true });
  await page.evaluate(() => (window as unknown as { notReloaded: boolean }).notReloaded = true);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

  await expect(page.getByRole('alert').filter({ hasText: 'Hay una nueva versión de Piso' })).toBeVisible();
  // Still the same document: nothing reloaded by itself.
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await expect(page.getByText('Versión 1.0.0-v1')).toBeVisible();

  await page.getByRole('button', { name: 'Actualizar ahora' }).click();
  await expect(page.getByText('Versión 1.0.0-v2')).toBeVisible();
  await expect(page.getByLabel('Nombre de quien encuesta en este dispositivo')).toHaveValue('Ana');
});
