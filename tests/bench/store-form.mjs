// Stores generated form data straight into the built app's IndexedDB as a form record,
// behind the app's back: a benchmark measures filling the form, not importing it.
import { randomUUID } from 'node:crypto';

/** Stores `data` (FormData) in the page's origin; the page must have opened the app once. */
export async function storeForm(page, data) {
  const now = new Date().toISOString();
  const stamp = `${now}-0000-bench`;
  const record = {
    ...data,
    id: randomUUID(),
    kind: 'form',
    hlc: stamp,
    fieldHlc: Object.fromEntries([...Object.keys(data), 'deleted'].map((k) => [k, stamp])),
    deviceId: 'bench',
    createdAt: now,
    updatedAt: now,
    deleted: false,
    dirty: 0,
  };
  await page.evaluate(
    (form) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('piso');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('forms', 'readwrite');
          tx.objectStore('forms').put(form);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    record,
  );
}
