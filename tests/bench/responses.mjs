// responses-first-page-100k-ms, responses-filtered-page-100k-ms: with 100,000 responses
// on the device, the time from opening the responses list (or changing a filter) to the
// frame that shows its rows, its total and its filter choices, as the user sees them: the
// action runs in the page, and the clock stops after the first frame that holds them all
// is painted. Median of RUNS. Budget (issue 13): 20 ms each.
// Also, while the list is used (opened, filtered, scrolled to the end with the End key):
// responses-100k-peak-heap-mb and responses-100k-max-main-thread-task-ms (page-metrics.mjs),
// and responses-scroll-to-end-100k-ms.
// The responses are stored through lib/db as an import does (responses-entry.ts), so the
// counts the list reads are kept by the app's own write path: responses-store-100k-ms.
import { buildBenchModule, serveBenchFiles } from './bench-module.mjs';
import { watchPage } from './page-metrics.mjs';

const FORM_ID = 'bench_coverage';
const TOTAL = Number(process.env.BENCH_RESPONSES_COUNT ?? 100_000);
const RUNS = 5;
const K = TOTAL === 100_000 ? '100k' : String(TOTAL);

/** How many generated responses have enumerator e (i % 25) and department d (i % 14); null: any. */
function matching(e, d) {
  let n = 0;
  for (let i = 0; i < TOTAL; i++) if ((e === null || i % 25 === e) && (d === null || i % 14 === d)) n++;
  return n;
}

/**
 * Runs in the page: does `act`, then waits for the frame in which `ready` holds and for
 * its paint (a message posted from that frame's animation callback runs after it).
 */
function timeInPage({ act, ready }) {
  const acts = {
    open: ({ formId }) => (location.hash = `#/forms/${formId}/responses`),
    away: () => (location.hash = '#/forms'),
    select: ({ label, value }) => {
      const field = [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === label).control;
      field.value = value;
      field.dispatchEvent(new Event('change', { bubbles: true }));
    },
    end: () => {
      const first = document.querySelector('main ul[aria-label] li a[href]');
      first.focus();
      first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    },
  };
  const checks = {
    gone: () => !document.querySelector('main ul[aria-label]'),
    rows: ({ count, rowText, choices, last }) => {
      const status = document.querySelector('main p.count[role=status]');
      const rows = [...document.querySelectorAll('main ul[aria-label] li')];
      const inView = rows.filter((li) => {
        const r = li.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      const select = [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === 'Encuestador/a')?.control;
      return (
        status?.textContent.trim() === count &&
        inView.length > 0 &&
        inView.every((li) => li.querySelector('a[href]') && li.textContent.includes(rowText)) &&
        (!choices || select?.options.length === choices) &&
        (!last || inView.some((li) => li.getAttribute('aria-posinset') === String(last)))
      );
    },
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const deadline = started + 60_000;
    acts[act.name](act);
    const frame = () => {
      if (checks[ready.name](ready)) {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - started);
        channel.port2.postMessage(0);
      } else if (performance.now() > deadline) reject(new Error(`${ready.name} never held`));
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const formatted = (n) => `${new Intl.NumberFormat('es').format(n)} respuestas`;

export async function run({ browser, baseURL }) {
  await buildBenchModule({ entry: 'tests/bench/responses-entry.ts', name: 'bench-responses' });
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 412, height: 915 } });
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(600_000);
    await page.route(`${baseURL}/bench-responses.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
    );
    await serveBenchFiles(page, /\/bench-responses[^/]*\.js$/);
    await page.goto(`${baseURL}/bench-responses.html`);
    const storeMs = await page.evaluate(({ formId, total }) => import('/bench-responses.js').then((m) => m.storeSurvey(formId, total)), {
      formId: FORM_ID,
      total: TOTAL,
    });

    await page.goto(`${baseURL}/#/forms`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // What storing left behind is collected first: the heap figure is the list's.
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    const watch = await watchPage(page);
    const time = (act, ready) => page.evaluate(timeInPage, { act, ready });

    const all = { name: 'rows', count: formatted(TOTAL), rowText: 'Enumerador', choices: 26 };
    const first = [];
    for (let run = 0; run < RUNS; run++) {
      first.push(await time({ name: 'open', formId: FORM_ID }, all));
      if (run < RUNS - 1) await time({ name: 'away' }, { name: 'gone' });
    }

    // Two filters together (one index of version 6 covers both); a new enumerator each run.
    const morazan = 12;
    const inMorazan = { name: 'rows', count: formatted(matching(null, morazan)), rowText: 'morazan' };
    await time({ name: 'select', label: 'Departamento', value: 'morazan' }, inMorazan);
    const filtered = [];
    for (const e of [12, 7, 3, 20, 9].slice(0, RUNS)) {
      const ready = { name: 'rows', count: formatted(matching(e, morazan)), rowText: `Enumerador ${e}` };
      filtered.push(await time({ name: 'select', label: 'Encuestador/a', value: `Enumerador ${e}` }, ready));
    }

    await time({ name: 'select', label: 'Encuestador/a', value: '' }, inMorazan);
    await time({ name: 'select', label: 'Departamento', value: '' }, all);
    const endMs = await time({ name: 'end' }, { ...all, last: TOTAL });
    const { peakHeapMb, maxTaskMs } = await watch.stop();

    console.log(`bench: responses-store-${K}-ms = ${Math.round(storeMs)} ms`);
    console.log(`bench: responses-first-page-${K}-ms = ${Math.round(median(first))} ms`);
    console.log(`bench: responses-filtered-page-${K}-ms = ${Math.round(median(filtered))} ms`);
    console.log(`bench: responses-scroll-to-end-${K}-ms = ${Math.round(endMs)} ms`);
    console.log(`bench: responses-${K}-peak-heap-mb = ${peakHeapMb.toFixed(1)} MB`);
    console.log(`bench: responses-${K}-max-main-thread-task-ms = ${Math.round(maxTaskMs)} ms`);
    if (process.env.BENCH_DEBUG) console.error({ first, filtered });
  } finally {
    await context.close();
  }
}

