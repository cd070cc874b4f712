// When the first screen is painted with its data: the projects list showing the seed
// project. An init script watches the page from its first byte and notes the time of
// the frame after the seed project's code appears in <main> (performance.now(), so
// milliseconds since the navigation started).
export const SEED_CODE = 'SLV/16/03/RBS';

/** Call before the navigation: the page notes when its first screen is painted. */
export async function watchFirstScreen(page) {
  await page.addInitScript((code) => {
    const check = () => {
      if (!document.querySelector('main')?.textContent?.includes(code)) return;
      observer.disconnect();
      // After the frame that paints it.
      requestAnimationFrame(() => setTimeout(() => (window.__pisoFirstScreen = performance.now()), 0));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  }, SEED_CODE);
}

/** Milliseconds from the navigation's start to the first screen painted with its data. */
export async function firstScreenMs(page, timeout = 60_000) {
  await page.waitForFunction(() => window.__pisoFirstScreen !== undefined, undefined, { timeout });
  return page.evaluate(() => window.__pisoFirstScreen);
}

/** The same moment as a wall-clock time (ms since 1970), to compare with request times. */
export async function firstScreenEpochMs(page) {
  const ms = await firstScreenMs(page);
  return page.evaluate((at) => performance.timeOrigin + at, ms);
}
