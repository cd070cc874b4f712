// coverage-100k-ms: effective coverage by status in employment × sex over 100,000
// stored responses, as the dashboard gets it (the aggregate kept up to date on every
// write, one read). Also the full recompute over every record in the worker, and the
// longest stall of the page's main thread meanwhile. Budget: 500 ms, page responsive.
import { buildBenchModule, serveBenchFiles } from './bench-module.mjs';

const COUNT = Number(process.env.BENCH_COVERAGE_COUNT ?? 100_000);

export async function run({ browser, baseURL }) {
  await buildBenchModule({ entry: 'tests/bench/coverage-entry.ts', name: 'bench-coverage' });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  // A blank page of the app's origin (its IndexedDB) without the app, and the bundle from disk.
  await page.route(`${baseURL}/bench-coverage.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
  );
  await serveBenchFiles(page, /\/bench-coverage[^/]*\.js$|\/assets\/[^/]*worker[^/]*\.js$/);
  await page.goto(`${baseURL}/bench-coverage.html`);
  page.setDefaultTimeout(600_000);
  const seedMs = await page.evaluate((count) => import('/bench-coverage.js').then((m) => m.seed(count)), COUNT);

  await page.reload();
  const incremental = await page.evaluate(() => import('/bench-coverage.js').then((m) => m.readIncremental()));
  const full = await page.evaluate(() => import('/bench-coverage.js').then((m) => m.recomputeInWorker()));
  await context.close();

  if (JSON.stringify(incremental.result) !== JSON.stringify(full.result)) {
    throw new Error('the stored aggregate and the full recompute disagree');
  }
  const k = COUNT === 100_000 ? '100k' : String(COUNT);
  console.log(`bench: coverage-${k}-ms = ${Math.round(incremental.ms)} ms`);
  console.log(`bench: coverage-${k}-full-recompute-ms = ${Math.round(full.ms)} ms`);
  console.log(`bench: coverage-${k}-full-recompute-max-main-thread-gap-ms = ${Math.round(full.maxGapMs)} ms`);
  console.log(`bench: coverage-${k}-seed-with-aggregates-ms = ${Math.round(seedMs)} ms`);
  console.log(`bench: coverage-${k}-employed-n = ${incremental.n} responses`);
}
