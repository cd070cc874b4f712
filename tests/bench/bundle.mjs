// bundle-export-100k-ms and bundle-import-100k-ms: a bundle of 100,000 responses
// (~1.5 KB each with their envelopes) exported to a Blob and imported into a fresh
// database, in headless Chromium, beside a plain IndexedDB read and write of the same
// records in the same page: the ratios are what the budget (at most 1.5) is about.
// Setting up 100,000 responses takes minutes (every write maintains the responses'
// compound indexes): BENCH_BUNDLE_N=10000 for a quick run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BENCH_OUT, buildBenchModule, serveBenchFiles } from './bench-module.mjs';

// BENCH_BUNDLE_N: a smaller run while working on it; the figures' names still say 100k.
const N = Number(process.env.BENCH_BUNDLE_N ?? 100_000);
const phase = (what) => process.env.BENCH_DEBUG && console.error(`bundle bench: ${what} at ${new Date().toISOString()}`);

/** The bundle library and the database opener, as one module for the page. */
async function bundleEntry() {
  mkdirSync(BENCH_OUT, { recursive: true });
  const entry = resolve(BENCH_OUT, 'entry.ts');
  writeFileSync(
    entry,
    `export { exportBundle, readBundle, previewImport, commitImport } from '${resolve('src/lib/bundle/index.ts')}';\n` +
      `export { openDatabase } from '${resolve('src/lib/db/database.ts')}';\n`,
  );
  return entry;
}

export async function run({ browser, baseURL }) {
  await buildBenchModule({ entry: await bundleEntry(), name: 'bench-bundle' });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await serveBenchFiles(page, /\/bench-bundle[^/]*\.js$/);
  await page.goto(baseURL);
  await page.getByRole('heading', { level: 1 }).waitFor();

  // Setup: 100,000 responses written raw in 1,000-put transactions into a Piso database.
  await page.evaluate(async (n) => {
    const m = await import('/bench-bundle.js');
    window.bench = m;
    const db = await m.openDatabase('bench-source');
    window.sourceDb = db;
    const idb = db.backendDB();
    const fields = Array.from({ length: 24 }, (_, i) => `q${i}`);
    for (let start = 0; start < n; start += 1000) {
      const tx = idb.transaction('responses', 'readwrite');
      const store = tx.objectStore('responses');
      for (let i = start; i < start + 1000; i++) {
        const hlc = `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z-${String(i % 10000).padStart(4, '0')}-device-${i % 3}`;
        const answers = Object.fromEntries(fields.map((f, j) => [f, `answer ${j} of response ${i}`]));
        answers.department = ['SV-SS', 'SV-LI', 'SV-SA'][i % 3];
        const data = {
          formId: 'ss_coverage_slv', formVersion: '2025011501', projectId: 'p1', status: i % 5 ? 'finalized' : 'draft',
          answers, startedAt: hlc.slice(0, 24), finalizedAt: null, enumerator: `enumerator ${i % 40}`,
          device: `device-${i % 3}`, location: { latitude: 13.7, longitude: -89.2 }, history: [],
        };
        const fieldHlc = Object.fromEntries([...Object.keys(data), 'deleted'].map((k) => [k, hlc]));
        store.put({
          ...data, id: `r-${String(i).padStart(6, '0')}-${crypto.randomUUID()}`, kind: 'response', hlc, fieldHlc,
          deviceId: `device-${i % 3}`, createdAt: hlc.slice(0, 24), updatedAt: hlc.slice(0, 24), deleted: false, dirty: 0,
          ixLive: 1, ixDepartment: answers.department,
        });
      }
      await new Promise((ok, fail) => ((tx.oncomplete = ok), (tx.onerror = () => fail(tx.error))));
    }
  }, N);

  phase('setup done');
  const plainReadMs = await page.evaluate(async () => {
    const idb = window.sourceDb.backendDB();
    const started = performance.now();
    const all = [];
    let range;
    for (;;) {
      const chunk = await new Promise((ok, fail) => {
        const request = idb.transaction('responses').objectStore('responses').getAll(range, 1000);
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
      if (chunk.length === 0) break;
      all.push(...chunk);
      range = IDBKeyRange.lowerBound(chunk[chunk.length - 1].id, true);
    }
    window.plainRecords = all;
    return performance.now() - started;
  });

  phase('plain read done');
  // Into a scratch database with the same schema: the responses table's indexes cost
  // 3 to 4 times the writing of the records themselves, for any writer.
  const plainWriteMs = await page.evaluate(async () => {
    const idb = (await window.bench.openDatabase('bench-plain')).backendDB();
    const all = window.plainRecords;
    const started = performance.now();
    for (let start = 0; start < all.length; start += 1000) {
      const tx = idb.transaction('responses', 'readwrite');
      const store = tx.objectStore('responses');
      for (let i = start; i < Math.min(start + 1000, all.length); i++) store.put(all[i]);
      await new Promise((ok, fail) => ((tx.oncomplete = ok), (tx.onerror = () => fail(tx.error))));
    }
    const ms = performance.now() - started;
    window.plainRecords = undefined;
    return ms;
  });

  phase('plain write done');
  const exported = await page.evaluate(async () => {
    const started = performance.now();
    const { blob, manifest } = await window.bench.exportBundle({ type: 'all' }, { db: window.sourceDb });
    const ms = performance.now() - started;
    window.bundleBlob = blob;
    return { ms, size: blob.size, responses: manifest.counts.response };
  });
  if (exported.responses !== N) throw new Error(`exported ${exported.responses} responses, not ${N}`);

  phase('export done');
  const imported = await page.evaluate(async () => {
    const target = await window.bench.openDatabase('bench-import');
    const started = performance.now();
    const bundle = await window.bench.readBundle(window.bundleBlob);
    const read = performance.now();
    // The preview, which the screen shows before committing, is timed apart.
    await window.bench.previewImport(bundle, { db: target });
    const previewMs = performance.now() - read;
    const effect = await window.bench.commitImport(bundle, { db: target });
    const ms = performance.now() - started - previewMs;
    const count = await target.responses.count();
    return { ms, readMs: read - started, previewMs, added: effect.response.new, count };
  });
  if (imported.count !== N || imported.added !== N) throw new Error(`imported ${imported.count} responses, not ${N}`);
  await context.close();

  const round = (ms) => Math.round(ms);
  console.log(`bench: bundle-import-100k-ms = ${round(imported.ms)} ms`);
  console.log(`bench: plain-read-100k-ms = ${round(plainReadMs)} ms`);
  console.log(`bench: plain-write-100k-ms = ${round(plainWriteMs)} ms`);
  console.log(`bench: bundle-import-ratio = ${(imported.ms / plainWriteMs).toFixed(2)} x`);
  console.log(`bench: bundle-100k-mb = ${(exported.size / 2 ** 20).toFixed(1)} MB`);
  console.log(`bench: bundle-import-read-100k-ms = ${round(imported.readMs)} ms`);
  console.log(`bench: bundle-preview-100k-ms = ${round(imported.previewMs)} ms`);
}
