// What a benchmark costs besides time, measured from outside the page so that the
// measuring changes nothing inside it:
// - peak JavaScript heap: the page's and every worker's used heap, summed, sampled every
//   50 ms through the DevTools protocol (Runtime.getHeapUsage on each target);
// - longest main-thread task: the longest top-level task (ThreadControllerImpl::RunTask) on the renderer's
//   main thread, from a Chromium trace of the 'toplevel' category.
// Usage: const watch = await watchPage(page); ...work...; const { peakHeapMb, maxTaskMs } = await watch.stop();

const SAMPLE_MS = 50;

export async function watchPage(page) {
  const browser = page.context().browser();
  const cdp = await page.context().newCDPSession(page);
  const workers = new Map(); // sessionId -> latest used bytes
  const replies = new Map(); // message id -> resolve
  let nextId = 1;

  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type.includes('worker')) workers.set(sessionId, 0);
  });
  cdp.on('Target.detachedFromTarget', ({ sessionId }) => workers.delete(sessionId));
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const reply = JSON.parse(message);
    replies.get(reply.id)?.(reply.result);
    replies.delete(reply.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

  const workerHeap = (sessionId) =>
    new Promise((resolve) => {
      const id = nextId++;
      replies.set(id, (result) => resolve(result?.usedSize ?? 0));
      cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) })
        .catch(() => resolve(0));
      setTimeout(() => resolve(0), 1000); // a worker that went away answers nothing
    });

  let peak = 0;
  let sampling = Promise.resolve();
  const sample = async () => {
    const [page_, ...inWorkers] = await Promise.all([
      cdp.send('Runtime.getHeapUsage').then((r) => r.usedSize, () => 0),
      ...[...workers.keys()].map(workerHeap),
    ]);
    peak = Math.max(peak, page_ + inWorkers.reduce((a, b) => a + b, 0));
  };
  const timer = setInterval(() => {
    sampling = sampling.then(sample);
  }, SAMPLE_MS);

  await browser.startTracing(page, { categories: ['toplevel'] });

  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      await sample();
      const trace = await browser.stopTracing();
      await cdp.detach().catch(() => {});
      return { peakHeapMb: peak / (1024 * 1024), maxTaskMs: longestMainThreadTask(trace) };
    },
  };
}

/**
 * The longest RunTask on any renderer main thread of the trace, in ms. A long job's
 * trace is larger than the longest string V8 can hold, so it is read line by line
 * (Chromium writes one event per line) and only the lines that matter are parsed.
 */
function longestMainThreadTask(trace) {
  const mainThreads = new Set();
  const longestOf = new Map(); // "pid:tid" -> longest RunTask there
  for (let start = 0; start < trace.length; ) {
    let end = trace.indexOf(0x0a, start);
    if (end < 0) end = trace.length;
    const line = trace.toString('utf8', start, end);
    start = end + 1;
    if (!line.includes('RunTask') && !line.includes('CrRendererMain')) continue;
    let e;
    try {
      e = JSON.parse(line.slice(line.indexOf('{'), line.lastIndexOf('}') + 1));
    } catch {
      continue;
    }
    const thread = `${e.pid}:${e.tid}`;
    if (e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mainThreads.add(thread);
    else if (e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask')) {
      longestOf.set(thread, Math.max(longestOf.get(thread) ?? 0, e.dur / 1000));
    }
  }
  let longest = 0;
  for (const thread of mainThreads) longest = Math.max(longest, longestOf.get(thread) ?? 0);
  return longest;
}
