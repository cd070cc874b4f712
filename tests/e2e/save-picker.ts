// The File System Access save dialog in browser tests. Headless Chromium has
// showSaveFilePicker but closes the dialog at once, as a user pressing Cancel would:
// a test of the download path takes the dialog away (as in Firefox, Safari or Chrome on
// Android, which lack it); a test of the picked-file path answers it with a file in the
// origin's private file system (a real FileSystemFileHandle), then reads that file.
import type { Page } from '@playwright/test';

/** From now on the page's browser has no save dialog: exports end in a download or share. */
export async function withoutSavePicker(page: Page): Promise<void> {
  await page.evaluate(() => Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true }));
}

/** The save dialog answers with `name` in the private file system, emptied first. */
export async function savePickerToPrivateFile(page: Page, name: string): Promise<void> {
  await page.evaluate((file) => {
    const pick = async () => {
      const root = await navigator.storage.getDirectory();
      await root.removeEntry(file).catch(() => undefined);
      return root.getFileHandle(file, { create: true });
    };
    Object.defineProperty(window, 'showSaveFilePicker', { value: pick, configurable: true });
  }, name);
}

/** The bytes of a file in the private file system. */
export async function readPrivateFile(page: Page, name: string): Promise<Buffer> {
  const bytes = await page.evaluate(async (file) => {
    const handle = await (await navigator.storage.getDirectory()).getFileHandle(file);
    return Array.from(new Uint8Array(await (await handle.getFile()).arrayBuffer()));
  }, name);
  return Buffer.from(bytes);
}
