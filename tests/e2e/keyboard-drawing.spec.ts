// A `draw` question drawn with the keyboard alone: the drawing area is reached with Tab,
// shows its pen cursor, and the arrow keys draw while Space has put the pen down. The
// saved PNG is not blank, and the screen is axe-clean with the pen down.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { SheetSpec } from '../unit/fixtures/xlsx';
import { storedResponse } from './helpers';
import { startXlsForm } from './xlsform-start';

const TITLE = 'Croquis con teclado';
const SHEETS: SheetSpec[] = [
  { name: 'survey', rows: [['type', 'name', 'label', 'appearance'], ['image', 'sketch', 'Croquis de la vivienda', 'draw']] },
  { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_draw_keys', '1', TITLE]] },
];

/** How many pixels of the stored PNG are dark (the pen's ink), decoded in the page. */
async function inkedPixels(page: Page, hash: string): Promise<number> {
  return page.evaluate(
    (key) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('piso');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('files').objectStore('files').get(key);
          get.onsuccess = async () => {
            open.result.close();
            const bitmap = await createImageBitmap((get.result as { blob: Blob }).blob);
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const ctx = canvas.getContext('2d')!;
            ctx.drawImage(bitmap, 0, 0);
            const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
            let dark = 0;
            for (let i = 0; i < data.length; i += 4) if (data[i] < 100 && data[i + 1] < 100 && data[i + 2] < 100) dark++;
            resolve(dark);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    hash,
  );
}

test('a drawing made with the keyboard alone is saved, and is not blank', async ({ page }) => {
  const id = await startXlsForm(page, 'croquis.xlsx', SHEETS, TITLE);
  const area = page.getByRole('application', { name: 'Área de dibujo', exact: false });
  await expect(area).toHaveAccessibleDescription(/Con el teclado: las flechas mueven el lápiz/);
  // Reached with Tab, as any control: the pen cursor shows while it has focus.
  for (let i = 0; i < 20 && !(await area.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(area).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Lápiz arriba' })).toBeVisible();
  await expect(area.locator('.cursor')).toBeVisible();

  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Space');
  await expect(page.getByRole('status').filter({ hasText: 'Lápiz abajo' })).toBeVisible();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Lápiz arriba' })).toBeVisible();
  // The screen did not move on: Enter and Space belong to the drawing area here.
  await expect(area).toBeFocused();

  await expect.poll(async () => (await storedResponse(page, id))?.answers.sketch?.type, { timeout: 15_000 }).toBe('image/png');
  const hash = (await storedResponse(page, id))!.answers.sketch.hash as string;
  // A 200-pixel line and a 50-pixel one, 4 pixels wide: far more than nothing.
  expect(await inkedPixels(page, hash)).toBeGreaterThan(500);
  // Undo, from the keyboard too, takes the stroke away.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Deshacer el último trazo' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await storedResponse(page, id))?.answers.sketch).toBeFalsy();
});
