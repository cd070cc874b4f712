// geotrace and geoshape on the offline drawing, on a phone, offline: a trace's points typed
// and placed by tapping the drawing, the last one removed; a shape's corners placed with
// the keyboard alone (arrows move the cross, Enter adds a point). The length and area the
// screen shows, and the response page after finalizing, are checked against figures
// worked out here from the coordinates (on a sphere of 6,378,100 m, JavaRosa's), not by
// the app's code.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { SheetSpec } from '../unit/fixtures/xlsx';
import { storedResponse } from './helpers';
import { startXlsForm } from './xlsform-start';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const TITLE = 'Caminos y parcelas';
const SHEETS: SheetSpec[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label', 'appearance'],
      ['geotrace', 'road', 'Camino de acceso', ''],
      ['geoshape', 'plot', 'Parcela', 'placement-map'],
    ],
  },
  { name: 'settings', rows: [['form_id', 'version', 'form_title'], ['e2e_geo_path', '1', TITLE]] },
];

const R = 6_378_100;
const rad = (deg: number) => (deg * Math.PI) / 180;
type Place = { lat: number; lon: number };

/** Great-circle metres between two places (haversine). */
function metresBetween(a: Place, b: Place): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
const lengthOf = (places: Place[]) => places.slice(1).reduce((sum, p, i) => sum + metresBetween(places[i], p), 0);

/** The places of an answer as ODK stores it: 'lat lon alt acc' joined by ';'. */
function placesOf(answer: string): Place[] {
  return answer.split(';').map((point) => {
    const [lat, lon] = point.split(' ').map(Number);
    return { lat, lon };
  });
}

/** A number as Spanish writes it ('77.412', '13,6925') read back. */
const spanish = (text: string) => Number(text.replace(/\./g, '').replace(',', '.'));
const shown = async (line: Locator, pattern: RegExp) => spanish(pattern.exec((await line.textContent()) ?? '')?.[1] ?? 'NaN');

const next = (page: Page) => page.getByRole('button', { name: 'Siguiente' }).click();
/** axe-clean, and every button, field and the drawing at least a 44 px touch target (links in a sentence are exempt, WCAG 2.5.8). */
async function accessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).include('main').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('main button, main input, main [role="application"]')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
      .map(({ el }) => el.outerHTML.slice(0, 100)),
  );
  expect(small).toEqual([]);
}

async function typePoint(page: Page, lat: string, lon: string): Promise<void> {
  await page.getByLabel('Latitud').fill(lat);
  await page.getByLabel('Longitud').fill(lon);
  await page.getByRole('button', { name: 'Agregar el punto escrito' }).click();
}

test('a trace tapped and typed, a shape placed by keyboard, measured on the drawing and on the response page', async ({ page }) => {
  const id = await startXlsForm(page, 'caminos.xlsx', SHEETS, TITLE, async () => {
    // placement-map on a shape is what its drawing does: no warning names it.
    await expect(page.getByText(/placement-map/)).toHaveCount(0);
  });
  const road = async () => (await storedResponse(page, id))?.answers.road as string | undefined;

  // Nothing to centre the drawing on before the first point.
  await expect(page.getByText('Agregue su ubicación o escriba un punto para ver el dibujo; luego toque el dibujo para agregar más puntos.')).toBeVisible();
  await typePoint(page, '13,69', '-89.19');
  const drawing = page.getByRole('application', { name: /^Dibujo de la línea: 1 punto \(sin mapa de fondo/ });
  await expect(drawing).toBeVisible();
  await expect(drawing).toHaveAccessibleDescription(/Toque el dibujo para agregar un punto allí/);
  const length = page.getByText(/^Longitud: /);
  await expect(length).toHaveCount(0);

  // A tap up and to the right of the middle: north-east of the first point, a quarter of
  // the drawing's side (about 1.1 km: 0.01° of latitude) each way.
  const box = (await drawing.boundingBox())!;
  await drawing.tap({ position: { x: box.width * 0.75, y: box.height * 0.25 } });
  await expect(page.getByText('2 puntos; una línea necesita al menos 2.')).toBeVisible();
  await expect.poll(async () => placesOf((await road()) ?? '').length).toBe(2);
  const tapped = placesOf((await road())!)[1];
  expect(tapped.lat).toBeCloseTo(13.69 + 0.0025, 4);
  expect((tapped.lon + 89.19) * Math.cos(rad(13.69))).toBeCloseTo(0.0025, 4);
  expect(await shown(length, /Longitud: ([\d.,]+) m/)).toBeCloseTo(lengthOf([{ lat: 13.69, lon: -89.19 }, tapped]), -0.5);

  // Typed again: the length follows.
  await typePoint(page, '13.688', '-89.192');
  await expect(page.getByRole('application', { name: /^Dibujo de la línea: 3 puntos/ })).toBeVisible();
  await expect.poll(async () => placesOf((await road()) ?? '').length).toBe(3);
  const three = placesOf((await road())!);
  await expect.poll(() => shown(length, /Longitud: ([\d.,]+) m/)).toBeCloseTo(lengthOf(three), -0.5);

  // A fourth point tapped, then taken back with "remove the last point".
  await page.getByRole('application', { name: /^Dibujo de la línea/ }).tap({ position: { x: box.width * 0.2, y: box.height * 0.8 } });
  await expect(page.getByText('4 puntos; una línea necesita al menos 2.')).toBeVisible();
  await page.getByRole('button', { name: 'Quitar el último punto' }).click();
  await expect(page.getByText('3 puntos; una línea necesita al menos 2.')).toBeVisible();
  await expect.poll(road).toBe(three.map((p) => `${p.lat} ${p.lon} 0 0`).join(';'));
  await expect.poll(() => shown(length, /Longitud: ([\d.,]+) m/)).toBeCloseTo(lengthOf(three), -0.5);
  await accessible(page);
  await next(page);

  // The shape, by keyboard alone: its first corner typed, then Shift+arrows (a quarter of
  // the side: 0.0025° north, or as far east on the ground) and Enter for each corner.
  await expect(page.getByText(/^Parcela\s*$/)).toBeVisible();
  // Its own drawing, not the trace's: nothing drawn before its first corner.
  await expect(page.getByText(/^Agregue su ubicación o escriba un punto para ver el dibujo/)).toBeVisible();
  await page.getByLabel('Latitud').focus();
  await page.keyboard.type('13.69');
  await page.keyboard.press('Tab');
  await page.keyboard.type('-89.19');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Agregar el punto escrito' })).toBeFocused();
  await page.keyboard.press('Enter');
  const area = page.getByRole('application', { name: /^Dibujo del área: 1 punto/ });
  await expect(area).toBeVisible();
  for (let i = 0; i < 30 && !(await area.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Shift+Tab');
  await expect(area).toBeFocused();
  await expect(area).toHaveAccessibleDescription(/las flechas mueven la cruz/);

  const east = Math.round((-89.19 + 0.0025 / Math.cos(rad(13.69))) * 1e6) / 1e6;
  const corners: Place[] = [{ lat: 13.69, lon: -89.19 }, { lat: 13.6925, lon: -89.19 }, { lat: 13.6925, lon: east }, { lat: 13.69, lon: east }];
  await page.keyboard.press('Shift+ArrowUp');
  await expect(page.getByText('Cruz en 13,6925, -89,19')).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Enter');
  // Enter again on the corner just added adds nothing.
  await page.keyboard.press('Enter');
  await expect(page.getByText('4 puntos; un área necesita al menos 3.')).toBeVisible();
  await expect(page.getByRole('application', { name: /^Dibujo del área: 4 puntos/ })).toBeFocused();
  // Closed as ODK closes a shape: the first corner again at the end.
  const plotAnswer = [...corners, corners[0]].map((p) => `${p.lat} ${p.lon} 0 0`).join(';');
  await expect.poll(async () => (await storedResponse(page, id))?.answers.plot).toBe(plotAnswer);

  // A rectangle: its sides on the ground, from the corners' degrees.
  const tall = R * rad(0.0025);
  const wide = R * rad(east + 89.19) * Math.cos(rad(13.69125));
  const areaLine = page.getByText(/^Área: /);
  // The app projects each corner at its own latitude (JavaRosa's way): under 1 m² apart here.
  expect(Math.abs((await shown(areaLine, /Área: ([\d.,]+) m²/)) - tall * wide)).toBeLessThan(2);
  expect(await shown(areaLine, /perímetro: ([\d.,]+) m/)).toBeCloseTo(lengthOf([...corners, corners[0]]), -0.5);
  await accessible(page);
  await next(page);

  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  await expect(page.getByText('Entrevista finalizada y guardada.')).toBeVisible();

  // The response page: each answer's points, with its length or area.
  await page.goto(`/#/responses/${id}`);
  const answer = (label: string) => page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  const es = (n: number) => String(n).replace('.', ',');
  const places = (list: Place[]) => list.map((p) => `${es(p.lat)} ${es(p.lon)}`).join('; ');
  const roadText = answer('Camino de acceso');
  await expect(roadText).toHaveText(new RegExp(`^3 puntos, [\\d.]+ m: ${places(three).replace(/[.]/g, '\\.')}$`));
  expect(await shown(roadText, /^3 puntos, ([\d.]+) m/)).toBeCloseTo(lengthOf(three), -0.5);
  const plotText = answer('Parcela');
  await expect(plotText).toHaveText(new RegExp(`^4 puntos, [\\d.]+ m²: ${places(corners)}$`));
  expect(Math.abs((await shown(plotText, /^4 puntos, ([\d.]+) m²/)) - tall * wide)).toBeLessThan(2);
  await accessible(page);
});
