// Exports as the app runs them, in the export worker, into a Blob of parts (the path of
// a browser without the File System Access API: Chrome on Android): a bundle of 100,000
// responses (uncompressed), CSV and XLSX of the same responses (a repeat of two
// members each, so the repeat's table is kept aside and follows), and a bundle of 500
// responses with a photo each. For each 100,000 job: the time from the page's request
// to the finished Blob, the peak JavaScript heap of the page and its workers, and the
// longest main-thread task (tests/bench/page-metrics.mjs). `csv-export-ratio` divides
// the CSV export by a plain read of the same records in pages of 1,000 (getAll, the
// least a reader can do), read just before it. BENCH_EXPORT_N=5000 for a quick run (the names still say 100k).
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BENCH_OUT, buildBenchModule, serveBenchFiles } from './bench-module.mjs';
import { watchPage } from './page-metrics.mjs';

const N = Number(process.env.BENCH_EXPORT_N ?? 100_000);
const PHOTOS = 500;
const PHOTO_BYTES = 300 * 1024;
const FORM_ID = 'bench_export';
const phase = (what) => process.env.BENCH_DEBUG && console.error(`export bench: ${what} at ${new Date().toISOString()}`);

async function exportEntry() {
  mkdirSync(BENCH_OUT, { recursive: true });
  const entry = resolve(BENCH_OUT, 'export-entry.ts');
  writeFileSync(
    entry,
    `export { startExport } from '${resolve('src/lib/bundle/export-worker-client.ts')}';\n` +
      `export { openDatabase } from '${resolve('src/lib/db/database.ts')}';\n`,
  );
  return entry;
}

/** Stores `count` responses (and, with `photoBytes`, a photo each) and their form, raw, in 1,000-put transactions. */
function seed({ dbName, count, formId, photoBytes }) {
  return window.bench.openDatabase(dbName).then(async (db) => {
    const idb = db.backendDB();
    const done = (tx) => new Promise((ok, fail) => ((tx.oncomplete = ok), (tx.onerror = () => fail(tx.error))));
    const at = '2026-11-20T10:00:00.000Z';
    const envelope = (hlc, fields) => ({
      hlc, fieldHlc: Object.fromEntries([...fields, 'deleted'].map((f) => [f, hlc])),
      deviceId: 'bench-device', createdAt: at, updatedAt: at, deleted: false, dirty: 0,
    });
    const texts = Array.from({ length: 16 }, (_, i) => ({ type: 'text', name: `t${i}`, label: { es: `Texto ${i}` } }));
    const integers = Array.from({ length: 6 }, (_, i) => ({ type: 'integer', name: `n${i}`, label: { es: `Número ${i}` } }));
    const form = {
      formId, version: '1', title: { es: 'Encuesta de referencia' }, languages: ['es'], defaultLanguage: 'es', projectId: null,
      questions: [
        ...texts, ...integers,
        { type: 'decimal', name: 'income', label: { es: 'Ingreso' } },
        { type: 'select_one', name: 'department', listName: 'dept', label: { es: 'Departamento' } },
        { type: 'image', name: 'photo', label: { es: 'Foto' } },
        { type: 'repeat', name: 'member', label: { es: 'Miembro' }, children: [{ type: 'integer', name: 'age', label: { es: 'Edad' } }] },
      ],
      choices: { dept: ['SV-SS', 'SV-LI', 'SV-SA'].map((name) => ({ name, label: { es: name } })) },
      warnings: [],
    };
    let tx = idb.transaction('forms', 'readwrite');
    tx.objectStore('forms').put({ ...form, ...envelope(`${at}-0000-bench-device`, Object.keys(form)), id: `form-${formId}`, kind: 'form' });
    await done(tx);
    // A photo's bytes: a cheap generator, not compressible (as JPEG is not).
    const photo = (i) => {
      const words = new Uint32Array(photoBytes / 4);
      let x = i * 2654435761 + 1;
      for (let w = 0; w < words.length; w++) words[w] = x = (x * 1664525 + 1013904223) >>> 0;
      return new Blob([words], { type: 'image/jpeg' });
    };
    for (let start = 0; start < count; start += 1000) {
      const end = Math.min(count, start + 1000);
      const photos = [];
      if (photoBytes) {
        for (let i = start; i < end; i++) {
          const blob = photo(i);
          const hash = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())), (b) => b.toString(16).padStart(2, '0')).join('');
          photos.push({ hash, blob });
        }
      }
      tx = idb.transaction(['responses', 'files'], 'readwrite');
      for (let i = start; i < end; i++) {
        const hlc = `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z-${String(i % 10000).padStart(4, '0')}-bench-device`;
        const answers = Object.fromEntries(texts.map((q, j) => [q.name, `respuesta ${j} de la entrevista ${i}`]));
        for (const [j, q] of integers.entries()) answers[q.name] = String((i * (j + 3)) % 1000);
        answers.income = `${(i % 5000) * 1.5}`;
        answers.department = ['SV-SS', 'SV-LI', 'SV-SA'][i % 3];
        answers.member = [{ age: String(20 + (i % 50)) }, { age: String(i % 18) }];
        const file = photos[i - start];
        if (file) {
          answers.photo = { hash: file.hash, name: `foto-${i}.jpg`, type: 'image/jpeg', size: file.blob.size };
          tx.objectStore('files').put({ hash: file.hash, blob: file.blob, type: 'image/jpeg', size: file.blob.size, storedAt: at });
        }
        const data = {
          // Each interview started at its own second, as in the field (the export pages by start time).
          formId, formVersion: '1', projectId: null, status: 'finalized', answers, startedAt: new Date(Date.UTC(2026, 10, 1) + i * 37_000).toISOString(), finalizedAt: null,
          enumerator: `enumerator ${i % 40}`, device: 'bench-device', location: null, history: [],
        };
        tx.objectStore('responses').put({
          ...data, ...envelope(hlc, Object.keys(data)), id: `r-${String(i).padStart(6, '0')}`, kind: 'response',
          ixLive: 1, ixDepartment: answers.department, ixFiles: file ? [file.hash] : [],
        });
      }
      await done(tx);
    }
    db.close();
  });
}

export async function run({ browser, baseURL }) {
  await buildBenchModule({ entry: await exportEntry(), name: 'bench-export' });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  page.setDefaultTimeout(1_800_000);
  await page.route(`${baseURL}/bench-export.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
  await serveBenchFiles(page, /\/bench-export[^/]*\.js$|\/assets\/[^/]*worker[^/]*\.js$/);
  await page.goto(`${baseURL}/bench-export.html`);
  await page.evaluate(async () => {
    window.bench = await import('/bench-export.js');
    window.runExport = (job, dbName) => {
      const started = performance.now();
      return window.bench.startExport(job, { dbName }).done.then((outcome) => ({
        ms: performance.now() - started,
        size: outcome.blob.size,
        count: outcome.count,
      }));
    };
  });
  const cdp = await context.newCDPSession(page);

  await page.evaluate(seed, { dbName: 'bench-export', count: N, formId: FORM_ID, photoBytes: 0 });
  phase('seeded');


  /** One job, measured from outside the page; garbage of what came before collected first. */
  const measure = async (job, dbName) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const watch = await watchPage(page);
    const result = await page.evaluate(({ job, dbName }) => window.runExport(job, dbName), { job, dbName });
    return { ...result, ...(await watch.stop()) };
  };
  const responsesJob = (format, withFiles = false) => ({
    type: 'responses', formId: FORM_ID, format, withFiles, labels: true, language: 'es', otherWords: { choice: 'Otro', specify: '\u0000label\u0000' },
  });

  const bundle = await measure({ type: 'bundle', scope: { type: 'all' }, gzip: false, recordsOnly: false }, 'bench-export');
  phase('bundle');
  // Read right before the CSV export, after the bundle export read them too: both find the same warm database.
  const plainRead = await page.evaluate(async () => {
    const idb = (await window.bench.openDatabase('bench-export')).backendDB();
    const started = performance.now();
    let range;
    let read = 0;
    for (;;) {
      const chunk = await new Promise((ok, fail) => {
        const request = idb.transaction('responses').objectStore('responses').getAll(range, 1000);
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
      if (chunk.length === 0) break;
      read += chunk.length;
      range = IDBKeyRange.lowerBound(chunk[chunk.length - 1].id, true);
    }
    const ms = performance.now() - started;
    idb.close();
    return { ms, read };
  });
  if (plainRead.read !== N) throw new Error(`the plain read found ${plainRead.read} responses, not ${N}`);
  const plainReadMs = plainRead.ms;
  phase('plain read');
  const csv = await measure(responsesJob('csv'), 'bench-export');
  phase('csv');
  const xlsx = await measure(responsesJob('xlsx'), 'bench-export');
  phase('xlsx');
  for (const [what, result] of [['bundle', bundle], ['csv', csv], ['xlsx', xlsx]]) {
    const expected = what === 'bundle' ? N + 1 : N; // the bundle also holds the form
    if (result.count !== expected) throw new Error(`${what} export wrote ${result.count} records, not ${expected}`);
  }

  await page.evaluate(seed, { dbName: 'bench-photos', count: PHOTOS, formId: FORM_ID, photoBytes: PHOTO_BYTES });
  phase('photos seeded');
  const photos = await measure({ type: 'bundle', scope: { type: 'all' }, gzip: false, recordsOnly: false }, 'bench-photos');
  if (photos.size < PHOTOS * PHOTO_BYTES) throw new Error(`the photo bundle is ${photos.size} bytes: photos missing`);
  await context.close();

  const ms = (x) => `${Math.round(x)} ms`;
  const mb = (x) => `${x.toFixed(1)} MB`;
  console.log(`bench: bundle-export-100k-ms = ${ms(bundle.ms)}`);
  console.log(`bench: bundle-export-100k-peak-heap-mb = ${mb(bundle.peakHeapMb)}`);
  console.log(`bench: bundle-export-100k-max-main-thread-task-ms = ${ms(bundle.maxTaskMs)}`);
  console.log(`bench: bundle-export-100k-mb = ${mb(bundle.size / 2 ** 20)}`);
  console.log(`bench: plain-read-100k-ms = ${ms(plainReadMs)}`);
  console.log(`bench: csv-export-100k-ms = ${ms(csv.ms)}`);
  console.log(`bench: csv-export-ratio = ${(csv.ms / plainReadMs).toFixed(2)} x`);
  console.log(`bench: csv-export-100k-peak-heap-mb = ${mb(csv.peakHeapMb)}`);
  console.log(`bench: csv-export-100k-max-main-thread-task-ms = ${ms(csv.maxTaskMs)}`);
  console.log(`bench: xlsx-export-100k-ms = ${ms(xlsx.ms)}`);
  console.log(`bench: xlsx-export-100k-peak-heap-mb = ${mb(xlsx.peakHeapMb)}`);
  console.log(`bench: xlsx-export-100k-max-main-thread-task-ms = ${ms(xlsx.maxTaskMs)}`);
  console.log(`bench: bundle-500-photos-export-ms = ${ms(photos.ms)}`);
  console.log(`bench: bundle-500-photos-export-mb = ${mb(photos.size / 2 ** 20)}`);
  console.log(`bench: bundle-500-photos-export-peak-heap-mb = ${mb(photos.peakHeapMb)}`);
}
