// first-load-js-kb / first-load-js-files: the JavaScript (gzip, as in dist/) that a first
// visit requests before the first screen is painted with its data (the projects list
// showing the seed project). Every request of the context counts, workers' included;
// the service worker is blocked so that every file comes over the network and is
// seen (it is not on the page's critical path: start-up registers it after the first
// screen). Budget: 90 KB in at most 8 files. `first-load-later-js-kb` is what start-up
// loads after the first screen, until the network is idle (all strings, the default
// survey, the service worker's registration, sync).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { firstScreenEpochMs, firstScreenMs, watchFirstScreen } from './first-screen.mjs';

const gzipKb = (paths) => paths.reduce((sum, path) => sum + gzipSync(readFileSync(`dist${path}`), { level: 9 }).length, 0) / 1024;

export async function run({ browser, baseURL }) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const requests = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === baseURL && url.pathname.endsWith('.js')) requests.push({ request, path: url.pathname });
  });
  const page = await context.newPage();
  await watchFirstScreen(page);
  await page.goto(baseURL);
  const renderedMs = await firstScreenMs(page);
  const paintedAt = await firstScreenEpochMs(page);
  await page.waitForLoadState('networkidle');
  await context.close();

  const before = new Set();
  const later = new Set();
  for (const { request, path } of requests) (request.timing().startTime <= paintedAt ? before : later).add(path);
  for (const path of before) later.delete(path);
  if (process.env.BENCH_DEBUG) console.error({ before: [...before], later: [...later] });
  const chart = [...before].some((p) => /chart/i.test(p));
  console.log(`bench: first-load-js-kb = ${gzipKb([...before]).toFixed(1)} KB`);
  console.log(`bench: first-load-js-files = ${before.size} files`);
  console.log(`bench: first-load-later-js-kb = ${gzipKb([...later]).toFixed(1)} KB`);
  console.log(`bench: first-screen-ms = ${Math.round(renderedMs)} ms`);
  if (chart) console.log('bench: first-load-includes-chart = 1 flag');
}
