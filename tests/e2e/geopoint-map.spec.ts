// geopoint's `map` and `placement-map`, offline: the point and the phone's location are
// drawn on a plain square (no map tiles), and with placement-map the point is placed by
// tapping the drawing and moved with the arrow keys. Finalized, the response shows both
// answers; the screen is axe-clean.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { SheetSpec } from '../unit/fixtures/xlsx';
import { storedResponse } from './helpers';
import { startXlsForm } from './xlsform-start';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const TITLE = 'Puntos en el dibujo';
const SHEETS: SheetSpec[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label', 'appearance'],
      ['geopoint', 'well', 'Pozo', 'placement-map'],
      ['geopoint', 'house', 'Vivienda', 'map'],
    ],
  },
  { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_geopoint_map', '1', TITLE]] },
];

const next = (page: Page) => page.getByRole('button', { name: 'Siguiente' }).click();
const where = (text: string | null) => {
  const m = /Punto en (-?[\d,]+), (-?[\d,]+)/.exec(text ?? '');
  return m ? { lat: Number(m[1].replace(',', '.')), lon: Number(m[2].replace(',', '.')) } : null;
};

test('a placement-map point is placed by a tap and the arrow keys on the offline drawing, a map point is drawn', async ({ page, context }) => {
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 13.69, longitude: -89.19, accuracy: 30 });
  const id = await startXlsForm(page, 'puntos.xlsx', SHEETS, TITLE, async () => {
    // Honoured: no warning names the appearances.
    await expect(page.getByText(/placement-map|“map”/)).toHaveCount(0);
  });

  // placement-map: nothing to centre the drawing on until there is a location.
  await expect(page.getByText('Use su ubicación o escriba las coordenadas para ver el punto en el dibujo.')).toBeVisible();
  await page.getByRole('button', { name: 'Usar mi ubicación' }).click();
  const drawing = page.getByRole('application', { name: /^Dibujo del punto \(sin mapa de fondo/ });
  await expect(drawing).toBeVisible();
  await expect(drawing).toHaveAccessibleDescription(/Toque el dibujo para poner el punto/);
  const status = page.getByText(/^Punto en /);
  await expect(status).toHaveText('Punto en 13,69, -89,19');
  await expect(drawing.locator('.device')).toHaveCount(1);

  // A tap up and to the right of the middle: north-east of the phone.
  const box = (await drawing.boundingBox())!;
  await drawing.tap({ position: { x: box.width * 0.75, y: box.height * 0.25 } });
  await expect.poll(async () => where(await status.textContent())?.lat).toBeGreaterThan(13.69);
  const tapped = where(await status.textContent())!;
  expect(tapped.lon).toBeGreaterThan(-89.19);
  expect(tapped.lat - 13.69).toBeCloseTo(0.0025, 3);
  await expect.poll(async () => (await storedResponse(page, id))?.answers.well).toBe(`${tapped.lat} ${tapped.lon} 0 0`);

  // The arrow keys move it: west, then (with Shift) further south.
  await drawing.focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => where(await status.textContent())?.lon).toBeLessThan(tapped.lon);
  expect(where(await status.textContent())!.lat).toBe(tapped.lat);
  await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(async () => where(await status.textContent())?.lat).toBeLessThan(tapped.lat);
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
  const placed = (await storedResponse(page, id))!.answers.well as string;
  await next(page);

  // map: the point drawn, not placed (an image, not a control).
  await page.getByRole('button', { name: 'Usar mi ubicación' }).click();
  const shown = page.getByRole('img', { name: /^Dibujo del punto/ });
  await expect(shown).toBeVisible();
  await expect(shown.locator('.answer')).toHaveCount(1);
  await expect(page.getByRole('application')).toHaveCount(0);
  await expect(status).toHaveText('Punto en 13,69, -89,19');
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
  await next(page);

  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  await expect(page.getByText('Entrevista finalizada y guardada.')).toBeVisible();
  const stored = (await storedResponse(page, id))!;
  expect(stored.answers).toMatchObject({ well: placed, house: '13.69 -89.19 0 30' });
});
