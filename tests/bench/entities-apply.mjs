// entities-100k-apply-ms (issue 14): with 100,000 workers on the device, finalizing a
// follow-up response that updates one of them (finalizeResponse with its entity action,
// in one transaction). Beside it, entities-100k-plain-put-ms: one put of the same record
// in one transaction, the least such a write can cost; entities-100k-items-ms: the list
// as a form opening after that follow-up reads it (entityItems, the snapshot warm in
// memory, patched with the worker just changed), and entities-100k-items-cold-ms: the same
// on a new connection (the app started again: the snapshot comes from meta). Medians of RUNS.
// The workers are stored as an import does (entities-apply-entry.ts): entities-100k-store-ms,
// and entities-100k-items-build-ms, the first read after it (the snapshot built from the records).
import { buildBenchModule, serveBenchFiles } from './bench-module.mjs';

const TOTAL = Number(process.env.BENCH_ENTITIES_COUNT ?? 100_000);
const K = TOTAL === 100_000 ? '100k' : String(TOTAL);
const RUNS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const print = (name, ms) => console.log(`bench: entities-${K}-${name} = ${Math.round(ms * 10) / 10} ms`);

export async function run({ browser, baseURL }) {
  await buildBenchModule({ entry: 'tests/bench/entities-apply-entry.ts', name: 'bench-entities-apply' });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(600_000);
    await page.route(`${baseURL}/bench-entities-apply.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
    await serveBenchFiles(page, /\/bench-entities-apply[^/]*\.js$/);
    await page.goto(`${baseURL}/bench-entities-apply.html`);
    await page.evaluate(async () => (window.bench = await import('/bench-entities-apply.js')));
    const call = (name, arg) => page.evaluate(([name, arg]) => window.bench[name](arg), [name, arg]);

    print('store-ms', await call('storeWorkers', TOTAL));
    const built = await call('buildItems');
    if (built.count !== TOTAL) throw new Error(`entityItems gave ${built.count} workers of ${TOTAL}`);
    print('items-build-ms', built.ms);

    const apply = [];
    const items = [];
    const cold = [];
    const plain = [];
    for (let run = 0; run < RUNS; run++) {
      const i = Math.floor(((run + 0.5) * TOTAL) / RUNS);
      apply.push(await call('followUp', i));
      items.push(await call('readItems', false));
      await call('followUp', i + 1);
      cold.push(await call('readItems', true));
      plain.push(await call('plainPut', i));
    }
    print('apply-ms', median(apply));
    print('plain-put-ms', median(plain));
    print('items-ms', median(items));
    print('items-cold-ms', median(cold));
  } finally {
    await context.close();
  }
}
