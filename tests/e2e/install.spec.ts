import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';

test('the manifest is valid for installation', async ({ baseURL }) => {
  // Installability is only reported in a persistent (non-incognito) context.
  const dir = mkdtempSync(join(tmpdir(), 'piso-install-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    baseURL,
  });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForFunction(async () => !!(await navigator.serviceWorker.ready).active);
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () => {
        const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
        return installabilityErrors.map((e) => e.errorId);
      })
      .toEqual([]);
    const { url, data, errors } = await cdp.send('Page.getAppManifest');
    expect(url).toMatch(/manifest\.webmanifest$/);
    expect(errors).toEqual([]);
    const manifest = JSON.parse(data ?? '{}');
    expect(manifest).toMatchObject({ short_name: 'Piso', lang: 'es', display: 'standalone', start_url: '/', scope: '/' });
    expect(manifest.description).toBeTruthy();
    expect(manifest.theme_color).toBeTruthy();
    const icons = manifest.icons as Array<{ sizes: string; purpose?: string; src: string }>;
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
    for (const icon of icons) expect((await page.request.get(icon.src)).ok()).toBe(true);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
