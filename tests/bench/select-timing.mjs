// How the long-list benchmarks (select-50k.mjs, entities-select.mjs) time a select's
// screen, to the screen updated: to the end of the first frame painted after the action
// (a message posted from that frame's requestAnimationFrame runs once its style, layout
// and paint are done), so each figure counts the wait for the frame as a phone shows it.

export const KEY_GAP_MS = 120;
export const PAUSE_MS = 300;

/** The nearest-rank percentile `p` of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (values) => percentile(values, 50);

/** From opening the form's fill screen (a hash change) to its first question's radios on screen. */
export function timeLoad(page, formId) {
  return page.evaluate(
    (formId) =>
      new Promise((resolve) => {
        const started = performance.now();
        const poll = () => {
          if (document.querySelector('input[type="radio"]')) resolve(performance.now() - started);
          else requestAnimationFrame(poll);
        };
        location.hash = `#/forms/${formId}/fill`;
        poll();
      }),
    formId,
  );
}

/** From the "Siguiente" click to the first frame painted with the list's rows. */
export function timeOpen(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const next = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Siguiente');
        const poll = () => {
          if (!document.querySelector('[role="listbox"] [role="option"]')) return requestAnimationFrame(poll);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now() - started);
          channel.port2.postMessage(null);
        };
        const started = performance.now();
        next.click();
        requestAnimationFrame(poll);
      }),
  );
}

/**
 * Types `queries` key by key ("\b" is Backspace) into the search box at a quick thumb's
 * pace, after a tap on the box once the screen is shown, clearing each query (select
 * all, Backspace); real key presses (CDP input). Returns each key's time, from its
 * keydown (its timeStamp) to the first frame painted after its input event, and the
 * number of options each query left.
 */
export async function timeKeys(page, queries) {
  await page.evaluate(() => {
    const search = document.querySelector('input[role="combobox"]');
    window.__keys = [];
    let pressed = 0;
    search.addEventListener('keydown', (e) => (pressed = e.timeStamp));
    search.addEventListener('input', () => {
      const started = pressed;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__keys.push(performance.now() - started);
        channel.port2.postMessage(null);
      });
    });
  });
  let keys = 0;
  const press = async (key) => {
    await page.keyboard.press(key);
    keys++;
    await page.waitForFunction((n) => window.__keys.length >= n, keys, { polling: 10 });
    await page.waitForTimeout(KEY_GAP_MS);
  };
  await page.waitForTimeout(PAUSE_MS);
  await page.locator('input[role="combobox"]').click();
  const found = [];
  for (const query of queries) {
    for (const key of query) await press(key === '\b' ? 'Backspace' : key === ' ' ? 'Space' : key);
    found.push(await page.locator('[role="option"]').count());
    await page.keyboard.press('ControlOrMeta+A');
    await press('Backspace');
  }
  const times = await page.evaluate(() => window.__keys);
  if (times.length !== keys) throw new Error(`${times.length} keys measured of ${keys}`);
  return { times, found };
}
