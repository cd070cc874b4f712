// When the first screen is painted with its data: the projects list showing the seed
// project. An init script watches the page from its first byte and notes the time of
// the frame after the seed project's code appears in <main> (performance.now(), so
// milliseconds since the navigation started). It says so on the console, which the
// benchmark hears through the DevTools protocol: waiting with page.waitForFunction
// would inject Playwright's own script into the page while it starts (80 ms of its
// main thread at 4× CPU, before the first screen), which no user's start has.
export const SEED_CODE = 'SLV/16/03/RBS';
const MARK = 'piso-first-screen-ms=';

const painted = new WeakMap(); // page -> Promise<number>

/** Call before the navigation: the page notes when its first screen is painted. */
export async function watchFirstScreen(page) {
  painted.set(
    page,
    new Promise((resolve) => {
      const heard = (message) => {
        const text = message.text();
        if (!text.startsWith(MARK)) return;
        page.off('console', heard);
        resolve(Number(text.slice(MARK.length)));
      };
      page.on('console', heard);
    }),
  );
  await page.addInitScript(
    ({ code, mark }) => {
      const check = () => {
        if (!document.querySelector('main')?.textContent?.includes(code)) return;
        observer.disconnect();
        // After the frame that paints it.
        requestAnimationFrame(() =>
          setTimeout(() => {
            window.__pisoFirstScreen = performance.now();
            console.debug(`${mark}${window.__pisoFirstScreen}`);
          }, 0),
        );
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    },
    { code: SEED_CODE, mark: MARK },
  );
}

/** Milliseconds from the navigation's start to the first screen painted with its data. */
export async function firstScreenMs(page, timeout = 60_000) {
  const heard = painted.get(page);
  if (!heard) throw new Error('watchFirstScreen(page) was not called before the navigation');
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the first screen was not painted within ${timeout} ms`)), timeout);
  });
  try {
    return await Promise.race([heard, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The same moment as a wall-clock time (ms since 1970), to compare with request times. */
export async function firstScreenEpochMs(page) {
  const ms = await firstScreenMs(page);
  return page.evaluate((at) => performance.timeOrigin + at, ms);
}
