// bundle-export-100k-ms and bundle-import-100k-ms: a bundle of 100,000 responses
// (~1.5 KB each with their envelopes) exported to a Blob and imported into a fresh
// database, in headless Chromium, beside a plain IndexedDB read and write of the same
// records in the same page: the ratios are what the budgets are about. The import is
// the app's: in its worker, the preview pass included, then the commit; the plain write
// puts the same records in ONE transaction (the best a plain write can do). While the
// import runs, the page's and its workers' peak heap and the longest main-thread task
// are sampled (page-metrics.mjs). bundle-500-photos-import-*: a version 3 bundle of 500
// responses, each naming its own ~1 MB JPEG, imported the same way.
// Setting up 100,000 responses takes minutes (every write maintains the responses'
// compound indexes): BENCH_BUNDLE_N=10000 for a quick run; BENCH_PHOTOS=50 likewise.
// BENCH_BUNDLE_PROFILE=<path>: the import worker's CPU profile, preview and commit, to
// <path>.cpuprofile (DevTools' Performance panel opens it), without the heap and task
// figures (the profiler would be in them). On a shared machine the wall times move with
// the load; the profile's busy and idle time say where the import's time goes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BENCH_OUT, buildBenchModule, serveBenchFiles } from './bench-module.mjs';
import { watchPage } from './page-metrics.mjs';

// BENCH_BUNDLE_N: a smaller run while working on it; the figures' names still say 100k.
const N = Number(process.env.BENCH_BUNDLE_N ?? 100_000);
const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 500);
const PROFILE = process.env.BENCH_BUNDLE_PROFILE;
const phase = (what) => process.env.BENCH_DEBUG && console.error(`bundle bench: ${what} at ${new Date().toISOString()}`);

/**
 * Keeps the Blob `window[name]` in IndexedDB and reloads the page, then reads it back:
 * the import then starts from a fresh heap (what building the bundle left is gone) and
 * from a Blob on disk, as a file the user picked would be.
 */
async function stashAndReload(page, name) {
  const stash = (mode) =>
    page.evaluate(
      ([key, mode]) =>
        new Promise((ok, fail) => {
          const open = indexedDB.open('bench-stash', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('blobs');
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('blobs', mode);
            const store = tx.objectStore('blobs');
            const request = mode === 'readwrite' ? store.put(window[key], key) : store.get(key);
            tx.oncomplete = () => {
              open.result.close();
              if (mode === 'readonly') window[key] = request.result;
              ok();
            };
            tx.onerror = () => fail(tx.error);
          };
        }),
      [name, mode],
    );
  await stash('readwrite');
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate(async () => (window.bench = await import('/bench-bundle.js')));
  await stash('readonly');
}

/**
 * Profiles the workers the page starts from now on, from their first line (they wait
 * for the debugger). The page keeps them past terminate() until stop() has their profiles
 * (closing the context ends them).
 */
async function profileWorkers(page) {
  await page.evaluate(() => {
    window.keptWorkers = [];
    Worker.prototype.terminate = function () {
      window.keptWorkers.push(this);
    };
  });
  const cdp = await page.context().newCDPSession(page);
  const replies = new Map();
  const sessions = [];
  let nextId = 1;
  const send = (sessionId, method, params = {}) =>
    new Promise((ok) => {
      const id = nextId++;
      replies.set(id, ok);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const reply = JSON.parse(message);
    replies.get(reply.id)?.(reply.result);
    replies.delete(reply.id);
  });
  cdp.on('Target.attachedToTarget', async ({ sessionId, targetInfo, waitingForDebugger }) => {
    if (targetInfo.type.includes('worker')) {
      sessions.push(sessionId);
      await send(sessionId, 'Profiler.enable');
      await send(sessionId, 'Profiler.start');
    }
    if (waitingForDebugger) await send(sessionId, 'Runtime.runIfWaitingForDebugger');
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return {
    async stop() {
      for (const [i, sessionId] of sessions.entries()) {
        const { profile } = await send(sessionId, 'Profiler.stop');
        writeFileSync(`${PROFILE}${i === 0 ? '' : `-${i}`}.cpuprofile`, JSON.stringify(profile));
      }
      await cdp.detach();
      return undefined;
    },
  };
}

/** The bundle library and the database opener, as one module for the page. */
async function bundleEntry() {
  mkdirSync(BENCH_OUT, { recursive: true });
  const entry = resolve(BENCH_OUT, 'entry.ts');
  writeFileSync(
    entry,
    `export { exportBundle, startImport } from '${resolve('src/lib/bundle/index.ts')}';\n` +
      `export { openDatabase } from '${resolve('src/lib/db/database.ts')}';\n` +
      `export { Repository } from '${resolve('src/lib/db/repository.ts')}';\n`,
  );
  return entry;
}

export async function run({ browser, baseURL }) {
  await buildBenchModule({ entry: await bundleEntry(), name: 'bench-bundle' });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await serveBenchFiles(page, /\/bench-bundle[^/]*\.js$|\/assets\/[^/]*worker[^/]*\.js$/);
  // The import screen, where a user importing a bundle is (other screens' live figures aside).
  await page.goto(`${baseURL}/#/bundles/import`);
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
  // 3 to 4 times the writing of the records themselves, for any writer. One
  // transaction: the best a plain write can do.
  const plainWriteMs = await page.evaluate(async () => {
    const idb = (await window.bench.openDatabase('bench-plain')).backendDB();
    const all = window.plainRecords;
    const started = performance.now();
    const tx = idb.transaction('responses', 'readwrite');
    const store = tx.objectStore('responses');
    for (const record of all) store.put(record);
    await new Promise((ok, fail) => ((tx.oncomplete = ok), (tx.onerror = () => fail(tx.error))));
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
  await stashAndReload(page, 'bundleBlob');
  const watch = PROFILE ? await profileWorkers(page) : await watchPage(page);
  const imported = await page.evaluate(async () => {
    const started = performance.now();
    const session = await window.bench.startImport(window.bundleBlob, { dbName: 'bench-import' });
    const stageMs = performance.now() - started;
    const effect = await session.commit();
    return { ms: performance.now() - started, stageMs, added: effect.response.new };
  });
  const metrics = await watch.stop();
  const count = await page.evaluate(async () => (await window.bench.openDatabase('bench-import')).responses.count());
  if (count !== N || imported.added !== N) throw new Error(`imported ${count} responses, not ${N}`);
  await context.close();

  const round = (ms) => Math.round(ms);
  console.log(`bench: bundle-import-100k-ms = ${round(imported.ms)} ms`);
  console.log(`bench: plain-read-100k-ms = ${round(plainReadMs)} ms`);
  console.log(`bench: plain-write-100k-ms = ${round(plainWriteMs)} ms`);
  console.log(`bench: bundle-import-ratio = ${(imported.ms / plainWriteMs).toFixed(2)} x`);
  console.log(`bench: bundle-100k-mb = ${(exported.size / 2 ** 20).toFixed(1)} MB`);
  console.log(`bench: bundle-import-preview-100k-ms = ${round(imported.stageMs)} ms`);
  if (metrics) {
    console.log(`bench: bundle-import-100k-peak-heap-mb = ${metrics.peakHeapMb.toFixed(1)} MB`);
    console.log(`bench: bundle-import-100k-max-main-thread-task-ms = ${round(metrics.maxTaskMs)} ms`);
  }

  await photos({ browser, baseURL });
}

/**
 * 500 responses, each naming its own ~1 MB JPEG-typed file, in a version 3 bundle laid
 * out by hand per the format (the records as exported, then a header and base64 parts
 * per file), built as a Blob of pieces so that the page never holds it whole.
 */
async function photos({ browser, baseURL }) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await serveBenchFiles(page, /\/bench-bundle[^/]*\.js$|\/assets\/[^/]*worker[^/]*\.js$/);
  // The import screen, where a user importing a bundle is (other screens' live figures aside).
  await page.goto(`${baseURL}/#/bundles/import`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const built = await page.evaluate(async (count) => {
    const m = await import('/bench-bundle.js');
    window.bench = m;
    const PART = 786_432;
    const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
    const base64 = (bytes) => {
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    const db = await m.openDatabase('bench-photos-source');
    const repo = (kind) => new m.Repository(kind, () => db);
    const form = await repo('form').create({
      formId: 'casas', version: '1', title: { es: 'Viviendas' }, languages: ['es'], defaultLanguage: 'es', choices: {}, warnings: [], projectId: null,
      questions: [{ type: 'text', name: 'name', label: { es: 'Nombre' } }, { type: 'image', name: 'photo', label: { es: 'Foto' } }],
    });
    let files = new Blob([]);
    let bytesTotal = 0;
    for (let i = 0; i < count; i++) {
      const bytes = new Uint8Array(1_000_000 + (i % 7) * 1000);
      for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
      bytes.set([0xff, 0xd8, 0xff, 0xe0]);
      const hash = hex(await crypto.subtle.digest('SHA-256', bytes));
      await repo('response').create({
        formId: form.formId, formVersion: form.version, projectId: null, status: 'finalized', startedAt: new Date().toISOString(),
        answers: { name: `Casa ${i}`, photo: { hash, name: `casa-${i}.jpg`, type: 'image/jpeg', size: bytes.length } }, history: [],
      });
      const parts = Math.ceil(bytes.length / PART);
      const lines = [`${i === 0 ? '' : ','}${JSON.stringify({ hash, type: 'image/jpeg', size: bytes.length, parts })}\n`];
      for (let at = 0; at < bytes.length; at += PART) lines.push(`,"${base64(bytes.subarray(at, at + PART))}"\n`);
      files = new Blob([files, ...lines]);
      bytesTotal += bytes.length;
    }
    // The records as this build exports them, then the files section in place of the end.
    const text = await (await m.exportBundle({ type: 'all' }, { db })).blob.text();
    const lines = text.split('\n');
    const end = lines.indexOf('],"files":[');
    const records = lines.slice(1, end >= 0 ? end : -1);
    const header = JSON.parse(lines[0] + ']}');
    header.version = 3;
    header.manifest.files = { count, bytes: bytesTotal, included: true };
    const first = JSON.stringify(header).replace(/\]\}$/, '');
    window.photoBundle = new Blob([[first, ...records, '],"files":[\n'].join('\n'), files, ']}']);
    return { size: window.photoBundle.size };
  }, PHOTOS);
  phase(`photo bundle built: ${(built.size / 2 ** 20).toFixed(0)} MB`);
  await stashAndReload(page, 'photoBundle');
  const watch = await watchPage(page);
  const imported = await page.evaluate(async () => {
    const started = performance.now();
    const session = await window.bench.startImport(window.photoBundle, { dbName: 'bench-photos' });
    const effect = await session.commit();
    return { ms: performance.now() - started, responses: effect.response.new, stored: session.plan.files.stored, refused: session.plan.files.refused.length };
  });
  const metrics = await watch.stop();
  await context.close();
  if (imported.responses !== PHOTOS || imported.stored !== PHOTOS) {
    throw new Error(`imported ${imported.responses} responses and ${imported.stored} files (${imported.refused} refused), not ${PHOTOS}`);
  }
  console.log(`bench: bundle-500-photos-import-ms = ${Math.round(imported.ms)} ms`);
  console.log(`bench: bundle-500-photos-mb = ${(built.size / 2 ** 20).toFixed(1)} MB`);
  console.log(`bench: bundle-500-photos-import-peak-heap-mb = ${metrics.peakHeapMb.toFixed(1)} MB`);
  console.log(`bench: bundle-500-photos-import-max-main-thread-task-ms = ${Math.round(metrics.maxTaskMs)} ms`);
}
