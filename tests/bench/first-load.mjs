// first-load-js-kb: the JavaScript (gzip) that the first screen loads, service worker
// excluded (it is not on the page's critical path). Budget: 120 KB, chart.js not in it.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export async function run({ browser, baseURL }) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const scripts = new Set();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin === baseURL && url.pathname.endsWith('.js')) scripts.add(url.pathname);
  });
  const started = Date.now();
  await page.goto(baseURL);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const renderedMs = Date.now() - started;
  await page.waitForLoadState('networkidle');
  let bytes = 0;
  for (const path of scripts) bytes += gzipSync(readFileSync(`dist${path}`), { level: 9 }).length;
  await context.close();
  const chart = [...scripts].some((p) => /chart/i.test(p));
  console.log(`bench: first-load-js-kb = ${(bytes / 1024).toFixed(1)} KB`);
  console.log(`bench: first-load-js-files = ${scripts.size} files`);
  console.log(`bench: first-screen-ms = ${renderedMs} ms`);
  if (chart) console.log('bench: first-load-includes-chart = 1 flag');
}
