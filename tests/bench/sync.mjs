// sync-10k-ms: 10,000 projects pushed by one device and pulled into a fresh one through
// the in-memory CouchDB-compatible server, beside PouchDB's own replication (IndexedDB
// adapter, in the same browser) of the same documents to and from the same server.
// sync-responses-10k-ms: the same with 10,000 finalized survey responses (what a field
// team really moves: per-question clocks, a repeat, a correction in the history).
// Goals: ratios of at most 0.5 (projects) and 0.35 (responses).
import { fileURLToPath } from 'node:url';
import { buildBenchModule, serveBenchFiles } from './bench-module.mjs';
import { startPisoServer } from '../../src/server/server.mjs';

const COUNT = Number(process.env.BENCH_SYNC_COUNT ?? 10_000);
const PORT = Number(process.env.BENCH_SYNC_SERVER_PORT ?? 5992);
/** BENCH_SYNC_KINDS=response runs only the responses half (when profiling it). */
const KINDS = (process.env.BENCH_SYNC_KINDS ?? 'project,response').split(',');

export async function run({ browser, baseURL }) {
  await buildBenchModule({
    entry: 'tests/bench/sync-entry.ts',
    name: 'bench-sync',
    // pouchdb-browser needs Node's `events`, which is not installed as a package.
    alias: { events: fileURLToPath(new URL('./events-shim.js', import.meta.url)) },
  });
  const server = await startPisoServer({ memory: true, dev: true, port: PORT, origins: [baseURL] });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const databases = ['bench-ours', 'bench-pouch', 'bench-ours-responses', 'bench-pouch-responses'];
    for (const name of databases) await fetch(`${server.url}/${name}`, { method: 'PUT' });
    const page = await context.newPage();
    await serveBenchFiles(page, /\/bench-sync[^/]*\.js$/);
    // A page the preview server really serves: Chromium treats a route-fulfilled page as
    // public and blocks its requests to the server on 127.0.0.1 (Private Network Access).
    await page.goto(baseURL);
    page.setDefaultTimeout(600_000);
    const k = COUNT === 10_000 ? '10k' : String(COUNT);
    for (const [kind, label] of [['project', ''], ['response', '-responses']]) {
      if (!KINDS.includes(kind)) continue;
      const args = [server.url, COUNT, kind, label];
      const ours = await page.evaluate(([url, n, kind, label]) => import('/bench-sync.js').then((m) => m.ours(url, `bench-ours${label}`, n, kind)), args);
      const pouch = await page.evaluate(([url, n, kind, label]) => import('/bench-sync.js').then((m) => m.pouch(url, `bench-pouch${label}`, n, kind)), args);
      if (ours.pulled !== COUNT || pouch.pulled !== COUNT) throw new Error(`${kind}: pulled ${ours.pulled} and ${pouch.pulled} of ${COUNT}`);
      console.log(`bench: sync${label}-${k}-ms = ${Math.round(ours.ms)} ms`);
      console.log(`bench: pouchdb${label}-${k}-ms = ${Math.round(pouch.ms)} ms`);
      // The two halves (the first device's sync, then the fresh device's), for profiling.
      console.log(`bench: sync${label}-${k}-push-ms = ${Math.round(ours.pushMs)} ms`);
      console.log(`bench: sync${label}-${k}-pull-ms = ${Math.round(ours.pullMs)} ms`);
      console.log(`bench: pouchdb${label}-${k}-push-ms = ${Math.round(pouch.pushMs)} ms`);
      console.log(`bench: pouchdb${label}-${k}-pull-ms = ${Math.round(pouch.pullMs)} ms`);
      console.log(`bench: sync${label}-vs-pouchdb-ratio = ${(ours.ms / pouch.ms).toFixed(2)} x`);
    }
  } finally {
    await context.close();
    await server.close();
  }
}
