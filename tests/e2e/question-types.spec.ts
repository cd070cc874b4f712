// A form with every question type and appearance Piso supports, filled offline on a
// phone-sized screen to the end, then read on the response page. Every screen is
// checked with axe and for 44 px touch targets on the way.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Question } from '../../src/lib/domain/types';
import { bundleText, record } from './bundle-file';
import { openControlled } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

const es = (text: string) => ({ es: text });
const yesNo = [
  { name: 'yes', label: es('Sí') },
  { name: 'no', label: es('No') },
];

const QUESTIONS: Question[] = [
  { type: 'start', name: 'start' },
  { type: 'end', name: 'end' },
  { type: 'today', name: 'today' },
  { type: 'deviceid', name: 'deviceid' },
  { type: 'username', name: 'username' },
  { type: 'phonenumber', name: 'phone' },
  { type: 'email', name: 'mail' },
  { type: 'simserial', name: 'sim' },
  { type: 'subscriberid', name: 'subscriber' },
  { type: 'start-geopoint', name: 'where' },
  { type: 'background-geopoint', name: 'where_code', trigger: ['${code}'] },
  { type: 'audit', name: 'meta_audit' },
  { type: 'background-audio', name: 'recording' },
  { type: 'hidden', name: 'batch', default: 'B7' },
  { type: 'text', name: 'code', label: es('Código de la vivienda'), appearance: 'numbers', required: true },
  { type: 'text', name: 'notes', label: es('Observaciones'), appearance: 'multiline', media: { image: es('casa.png') } },
  { type: 'integer', name: 'income', label: es('Ingreso del hogar'), appearance: 'thousands-sep' },
  { type: 'range', name: 'score', label: es('Satisfacción'), parameters: { start: '0', end: '10', step: '2' } },
  { type: 'range', name: 'level', label: es('Nivel del río'), appearance: 'vertical', parameters: { start: '0', end: '5', step: '1' } },
  { type: 'range', name: 'stars', label: es('Calificación'), appearance: 'rating', parameters: { start: '1', end: '5', step: '1' } },
  { type: 'range', name: 'rooms', label: es('Cuartos'), appearance: 'picker', parameters: { start: '1', end: '6', step: '1' } },
  { type: 'select_one', name: 'water', listName: 'sources', orOther: true, label: es('Fuente de agua') },
  { type: 'select_one', name: 'owner', listName: 'yesno', appearance: 'quick', label: es('¿Es dueño de la vivienda?') },
  { type: 'select_one', name: 'agree', listName: 'scale', appearance: 'likert', label: es('El servicio es bueno') },
  { type: 'select_one', name: 'dept', listName: 'depts', appearance: 'minimal', label: es('Departamento') },
  { type: 'select_one', name: 'village', itemset: { file: 'villages.csv', value: 'name', label: 'label' }, label: es('Comunidad') },
  {
    type: 'group',
    name: 'layout',
    label: es('Hogar'),
    appearance: 'field-list',
    children: [
      { type: 'select_one', name: 'roof', listName: 'roofs', appearance: 'horizontal', label: es('Techo') },
      { type: 'select_multiple', name: 'crops', listName: 'crops', appearance: 'columns', label: es('Cultivos') },
      { type: 'select_multiple', name: 'animals', listName: 'animals', appearance: 'horizontal-compact', label: es('Animales') },
      { type: 'select_one', name: 'floor', listName: 'roofs', appearance: 'columns-pack', label: es('Piso') },
      { type: 'text', name: 'first', label: es('Nombre'), appearance: 'w5' },
      { type: 'text', name: 'last', label: es('Apellido'), appearance: 'w5' },
    ],
  },
  {
    type: 'group',
    name: 'services',
    label: es('Servicios'),
    appearance: 'field-list table-list',
    children: [
      { type: 'select_one', name: 'has_power', listName: 'yesno', label: es('Electricidad') },
      { type: 'select_one', name: 'has_net', listName: 'yesno', label: es('Internet') },
    ],
  },
  {
    type: 'group',
    name: 'by_hand',
    label: es('Tabla a mano'),
    appearance: 'field-list',
    children: [
      { type: 'select_one', name: 'heading', listName: 'yesno', appearance: 'label', label: es('¿Tiene?') },
      { type: 'select_one', name: 'has_fridge', listName: 'yesno', appearance: 'list-nolabel', label: es('Refrigeradora') },
      { type: 'select_one', name: 'has_stove', listName: 'yesno', appearance: 'list-nolabel', label: es('Cocina') },
    ],
  },
  { type: 'rank', name: 'needs', listName: 'needs', label: es('Ordene las necesidades') },
  {
    type: 'group',
    name: 'dates',
    label: es('Fechas'),
    appearance: 'field-list',
    children: [
      { type: 'date', name: 'born', label: es('Fecha de nacimiento'), appearance: 'no-calendar' },
      { type: 'date', name: 'moved', label: es('Mes de llegada'), appearance: 'month-year' },
      { type: 'date', name: 'built', label: es('Año de construcción'), appearance: 'year' },
    ],
  },
  { type: 'geotrace', name: 'road', label: es('Camino de acceso') },
  { type: 'geoshape', name: 'plot', label: es('Parcela') },
  { type: 'barcode', name: 'meter', label: es('Código del medidor') },
  {
    type: 'group',
    name: 'files',
    label: es('Archivos'),
    appearance: 'field-list',
    children: [
      { type: 'image', name: 'photo', label: es('Foto de la vivienda') },
      { type: 'audio', name: 'voice', label: es('Nota de voz') },
      { type: 'video', name: 'clip', label: es('Video') },
      { type: 'file', name: 'doc', label: es('Documento') },
    ],
  },
  { type: 'image', name: 'sign', label: es('Firma de la persona'), appearance: 'signature' },
  { type: 'image', name: 'sketch', label: es('Croquis'), appearance: 'draw' },
  { type: 'image', name: 'marked', label: es('Marque la entrada'), appearance: 'annotate' },
  { type: 'note', name: 'bye', label: es('Gracias, ${code}.') },
];

const CHOICES = {
  yesno: yesNo,
  sources: [
    { name: 'well', label: es('Pozo') },
    { name: 'pipe', label: es('Cañería') },
  ],
  scale: ['1', '2', '3', '4', '5'].map((name) => ({ name, label: es(`Nivel ${name}`) })),
  depts: [
    { name: 'mo', label: es('Morazán') },
    { name: 'lu', label: es('La Unión') },
  ],
  roofs: [
    { name: 'tile', label: es('Teja') },
    { name: 'sheet', label: es('Lámina') },
  ],
  crops: [
    { name: 'maize', label: es('Maíz') },
    { name: 'beans', label: es('Frijol') },
    { name: 'coffee', label: es('Café') },
  ],
  animals: [
    { name: 'hens', label: es('Gallinas') },
    { name: 'cows', label: es('Vacas') },
  ],
  needs: [
    { name: 'water', label: es('Agua') },
    { name: 'health', label: es('Salud') },
    { name: 'school', label: es('Escuela') },
  ],
};

const TITLE = 'Todos los tipos de pregunta';
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

async function bundleFile(): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const form = record('form', 'form-every-type', {
    formId: 'every_type',
    version: '1',
    title: es(TITLE),
    languages: ['es'],
    defaultLanguage: 'es',
    questions: QUESTIONS,
    choices: CHOICES,
    warnings: [],
    projectId: null,
    attachments: [
      { name: 'casa.png', type: 'image/png', base64: PNG },
      { name: 'villages.csv', type: 'text/csv', text: 'name,label\nsan_jose,"San José, centro"\nla_paz,La Paz\n' },
    ],
  });
  return { name: 'every-type.json', mimeType: 'application/json', buffer: Buffer.from(await bundleText([form])) };
}

/** axe finds nothing, and every control is a 44 px target (as tests/e2e/a11y.spec.ts checks). */
async function accessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include('main').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), where).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('main a, main button, main input, main select, main textarea')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ el, r: (el.closest('label') ?? el).getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ el }) => el.outerHTML.slice(0, 100)),
  );
  expect(small, where).toEqual([]);
}

const next = (page: Page) => page.getByRole('button', { name: 'Siguiente' }).click();

/** The screen of this question is shown (its label or legend is visible). */
async function at(page: Page, text: string): Promise<void> {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await expect(page.getByText(new RegExp(`^${escaped}\\s*\\*?$`)).first()).toBeVisible();
  await accessible(page, text);
}

test('every question type and appearance is answered offline on a phone, finalized and shown', async ({ page, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 13.69, longitude: -89.19, accuracy: 8 });
  await openControlled(page, '/#/settings');
  await context.setOffline(true);
  await page.getByLabel('Nombre de quien encuesta en este dispositivo').fill('Ana');
  await page.getByLabel('Número de teléfono').fill('+503 7000 0000');

  await page.goto('/#/bundles/import');
  await page.getByLabel('Archivo del paquete').setInputFiles(await bundleFile());
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Importación terminada' })).toBeVisible();
  await page.goto('/#/forms');
  await page.getByRole('link', { name: `Iniciar entrevista: ${TITLE}` }).click();
  await expect(page).toHaveURL(/#\/fill\/[0-9a-f-]{36}$/);
  const responseId = page.url().split('/').pop()!;

  // First screen: what the device will not record is said up front.
  await expect(page.getByText('Este formulario pide datos de la tarjeta SIM', { exact: false })).toBeVisible();
  await expect(page.getByText('Este formulario pide grabar audio de fondo: Piso no lo graba.')).toBeVisible();
  await expect(page.getByText('No hay correo electrónico en Ajustes', { exact: false })).toBeVisible();
  await at(page, 'Código de la vivienda');
  await expect(page.getByLabel('Código de la vivienda')).toHaveAttribute('inputmode', 'numeric');
  await page.getByLabel('Código de la vivienda').fill('4521');
  await next(page);

  await expect(page.getByLabel('Observaciones')).toHaveJSProperty('tagName', 'TEXTAREA');
  // The label's image, from the form's attachments, offline.
  await expect(page.getByRole('img', { name: 'Observaciones' })).toHaveJSProperty('naturalWidth', 1);
  await page.getByLabel('Observaciones').fill('Casa de adobe\ncon patio');
  await next(page);

  await at(page, 'Ingreso del hogar');
  await page.getByLabel('Ingreso del hogar').fill('1234567');
  await expect(page.getByText('1.234.567')).toBeVisible();
  await next(page);

  // range: a slider that starts unanswered, stepped with the big buttons.
  await at(page, 'Satisfacción');
  await expect(page.getByText('Sin respuesta todavía', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Más', exact: true }).click();
  await page.getByRole('button', { name: 'Más', exact: true }).click();
  await expect(page.getByText('Valor: 4')).toBeVisible();
  await next(page);

  // range `vertical`: the slider stands up, + above −.
  await at(page, 'Nivel del río');
  const slider = await page.getByRole('slider').boundingBox();
  expect(slider!.height).toBeGreaterThan(slider!.width * 2);
  const more = await page.getByRole('button', { name: 'Más', exact: true }).boundingBox();
  const less = await page.getByRole('button', { name: 'Menos', exact: true }).boundingBox();
  expect(more!.y).toBeLessThan(less!.y);
  await page.getByRole('button', { name: 'Más', exact: true }).click();
  await expect(page.getByText('Valor: 1')).toBeVisible();
  await next(page);

  await at(page, 'Calificación');
  // The stars are the labels of their radio buttons.
  await page.getByText('★').nth(3).click();
  await expect(page.getByRole('radio', { name: '4 estrellas' })).toBeChecked();
  await next(page);

  await at(page, 'Cuartos');
  await page.getByLabel('Cuartos').selectOption('3');
  await next(page);

  // or_other: "Otro" opens the specify question.
  await at(page, 'Fuente de agua');
  await page.getByRole('radio', { name: 'Otro' }).check();
  await next(page);
  await at(page, 'Especifique «otro»: Fuente de agua');
  await page.getByLabel('Especifique «otro»: Fuente de agua').fill('Tanque de lluvia');
  await next(page);

  // quick: choosing moves on by itself.
  await at(page, '¿Es dueño de la vivienda?');
  // click, not check: the radio is gone with its screen before it could be seen checked.
  await page.getByRole('radio', { name: 'Sí' }).click();
  await at(page, 'El servicio es bueno');
  await page.getByRole('radio', { name: 'Nivel 4' }).check();
  await next(page);

  await at(page, 'Departamento');
  await page.getByLabel('Departamento').selectOption({ label: 'La Unión' });
  await next(page);

  // select_one_from_file: the choices of the form's CSV.
  await at(page, 'Comunidad');
  await page.getByRole('radio', { name: 'San José, centro' }).check();
  await next(page);

  // A field list with horizontal, columns, compact and w5 questions.
  await at(page, 'Hogar');
  await page.getByRole('group', { name: 'Techo' }).getByRole('radio', { name: 'Lámina' }).check();
  await page.getByRole('checkbox', { name: 'Maíz' }).check();
  await page.getByRole('checkbox', { name: 'Café' }).check();
  await page.getByRole('checkbox', { name: 'Vacas' }).check();
  await page.getByRole('group', { name: 'Piso', exact: true }).getByRole('radio', { name: 'Teja' }).check();
  await page.getByLabel('Nombre', { exact: true }).fill('Rosa');
  await page.getByLabel('Apellido').fill('Díaz');
  await next(page);

  // table-list: one header of choice labels, a row of buttons per question.
  await at(page, 'Servicios');
  await page.getByRole('group', { name: 'Electricidad' }).getByRole('radio', { name: 'Sí' }).check();
  await page.getByRole('group', { name: 'Internet' }).getByRole('radio', { name: 'No' }).check();
  await next(page);

  // label / list-nolabel: the same table, made by hand.
  await at(page, 'Tabla a mano');
  await expect(page.getByRole('group', { name: '¿Tiene?' }).getByRole('radio')).toHaveCount(0);
  await page.getByRole('group', { name: 'Refrigeradora' }).getByRole('radio', { name: 'No' }).check();
  await page.getByRole('group', { name: 'Cocina' }).getByRole('radio', { name: 'Sí' }).check();
  await next(page);

  await at(page, 'Ordene las necesidades');
  await page.getByRole('button', { name: 'Subir: Escuela' }).click();
  await page.getByRole('button', { name: 'Subir: Escuela' }).click();
  await next(page);

  await at(page, 'Fechas');
  const born = page.getByRole('group', { name: 'Fecha de nacimiento' });
  await born.getByLabel('Día').selectOption('9');
  await born.getByLabel('Mes').selectOption({ label: 'julio' });
  await born.getByLabel('Año').fill('1980');
  const moved = page.getByRole('group', { name: 'Mes de llegada' });
  await moved.getByLabel('Mes').selectOption({ label: 'marzo' });
  await moved.getByLabel('Año').fill('2015');
  await page.getByRole('group', { name: 'Año de construcción' }).getByLabel('Año').fill('1998');
  await next(page);

  // geotrace: one point from the GPS, one typed; a line needs two.
  await at(page, 'Camino de acceso');
  await page.getByRole('button', { name: 'Agregar mi ubicación' }).click();
  await expect(page.getByText('1 punto; una línea necesita al menos 2.')).toBeVisible();
  await next(page);
  await expect(page.getByText('Una línea necesita al menos 2 puntos válidos.')).toBeVisible();
  await page.getByLabel('Latitud').fill('13,70');
  await page.getByLabel('Longitud').fill('-89.2');
  await page.getByRole('button', { name: 'Agregar el punto escrito' }).click();
  await expect(page.getByRole('application', { name: /^Dibujo de la línea: 2 puntos / })).toBeVisible();
  await next(page);

  await at(page, 'Parcela');
  for (const [lat, lon] of [['13.70', '-89.20'], ['13.71', '-89.20'], ['13.71', '-89.21']]) {
    await page.getByLabel('Latitud').fill(lat);
    await page.getByLabel('Longitud').fill(lon);
    await page.getByRole('button', { name: 'Agregar el punto escrito' }).click();
  }
  await expect(page.getByRole('application', { name: /^Dibujo del área: 3 puntos / })).toBeVisible();
  await page.getByRole('button', { name: 'Quitar el punto 2' }).click();
  await expect(page.getByText('2 puntos; un área necesita al menos 3.')).toBeVisible();
  await page.getByLabel('Latitud').fill('13.71');
  await page.getByLabel('Longitud').fill('-89.20');
  await page.getByRole('button', { name: 'Agregar el punto escrito' }).click();
  await accessible(page, 'Parcela with points');
  await next(page);

  // barcode: typed (the test browser has no BarcodeDetector).
  await at(page, 'Código del medidor');
  await page.getByLabel('Código del medidor').fill('7501031311309');
  await next(page);

  // Files: picked, previewed, replaced, removed; each stored with its answer.
  await at(page, 'Archivos');
  const png = Buffer.from(PNG, 'base64');
  const photo = page.getByRole('group', { name: 'Foto de la vivienda' });
  await photo.getByLabel('Elegir un archivo').setInputFiles({ name: 'casa.png', mimeType: 'image/png', buffer: png });
  await expect(photo.getByRole('img', { name: 'Vista previa de casa.png' })).toBeVisible();
  await photo.getByLabel('Elegir otro archivo').setInputFiles({ name: 'casa2.png', mimeType: 'image/png', buffer: png });
  await expect(photo.getByText('casa2.png').first()).toBeVisible();
  const doc = page.getByRole('group', { name: 'Documento' });
  await doc.getByLabel('Elegir un archivo').setInputFiles({ name: 'acta.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
  await doc.getByRole('button', { name: 'Quitar el archivo' }).click();
  await expect(doc.getByText('acta.pdf')).toHaveCount(0);
  await accessible(page, 'Archivos with a preview');
  await next(page);

  // signature: drawn with a pointer.
  await at(page, 'Firma de la persona');
  const pad = await page.locator('canvas').boundingBox();
  await page.mouse.move(pad!.x + 20, pad!.y + 30);
  await page.mouse.down();
  await page.mouse.move(pad!.x + 120, pad!.y + 60, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByRole('button', { name: 'Borrar' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Deshacer el último trazo' })).toBeEnabled();
  await next(page);
  await at(page, 'Croquis');
  await next(page);
  // annotate: a photo first, then drawn over.
  await at(page, 'Marque la entrada');
  await page.getByLabel('Tomar o elegir la foto').setInputFiles({ name: 'entrada.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByLabel('Otra foto')).toBeAttached();
  await next(page);

  await expect(page.getByText('Gracias, 4521.')).toBeVisible();
  await next(page);

  await expect(page.getByRole('heading', { name: 'Revisión final' })).toBeVisible();
  await accessible(page, 'review');
  await page.getByRole('button', { name: 'Finalizar la entrevista' }).click();
  await expect(page.getByText('Entrevista finalizada y guardada.')).toBeVisible();

  // The response page.
  await page.goto(`/#/responses/${responseId}`);
  const answer = (label: string) => page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  await expect(answer('Especifique «otro»: Fuente de agua')).toHaveText('Tanque de lluvia');
  await expect(answer('Fuente de agua').first()).toHaveText('Otro');
  await expect(answer('Ordene las necesidades')).toHaveText('1. Escuela, 2. Agua, 3. Salud');
  await expect(answer('Satisfacción')).toHaveText('4');
  await expect(answer('Calificación')).toHaveText('4');
  await expect(answer('Camino de acceso')).toHaveText(/^2 puntos, [\d.]+ m: 13,69 -89,19; 13,7 -89,2$/);
  await expect(answer('Parcela')).toHaveText(/^3 puntos, [\d.]+ m²: 13,7 -89,2; 13,71 -89,21; 13,71 -89,2$/);
  await expect(answer('Foto de la vivienda').getByRole('button', { name: 'Abrir Foto de la vivienda: casa2.png en tamaño completo' })).toBeVisible();
  await expect(answer('Firma de la persona')).toContainText(/signature-\d+\.png/);
  await expect(answer('Firma de la persona').getByRole('button', { name: /^Abrir Firma de la persona: signature-\d+\.png/ })).toBeVisible();
  await expect(answer('Cultivos')).toHaveText('Maíz, Café');
  await expect(answer('Comunidad')).toHaveText('San José, centro');
  await expect(answer('Fecha de nacimiento')).toContainText('1980');
  await expect(page.locator('dt', { hasText: 'Documento' })).toHaveCount(0);
  await accessible(page, 'response page');

  // What was stored, read behind the app's back: ODK's values.
  const answers = await page.evaluate(
    () =>
      new Promise<Record<string, any>>((resolve, reject) => {
        const open = indexedDB.open('piso');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('responses').objectStore('responses').getAll();
          all.onsuccess = () => {
            resolve(all.result.find((r: { formId: string }) => r.formId === 'every_type').answers);
            open.result.close();
          };
        };
      }),
  );
  expect(answers).toMatchObject({
    code: '4521',
    income: '1234567',
    score: '4',
    stars: '4',
    rooms: '3',
    water: 'other',
    water_other: 'Tanque de lluvia',
    owner: 'yes',
    agree: '4',
    dept: 'lu',
    village: 'san_jose',
    roof: 'sheet',
    crops: 'maize coffee',
    animals: 'cows',
    floor: 'tile',
    has_power: 'yes',
    has_net: 'no',
    has_fridge: 'no',
    has_stove: 'yes',
    needs: 'school water health',
    born: '1980-07-09',
    moved: '2015-03-01',
    built: '1998-01-01',
    road: '13.69 -89.19 0 8;13.7 -89.2 0 0',
    plot: '13.7 -89.2 0 0;13.71 -89.21 0 0;13.71 -89.2 0 0;13.7 -89.2 0 0',
    meter: '7501031311309',
    photo: { name: 'casa2.png', type: 'image/png', size: png.length, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    sign: { name: expect.stringMatching(/^signature-\d+\.png$/), type: 'image/png' },
    marked: { name: expect.stringMatching(/^annotate-\d+\.png$/), type: 'image/png' },
    batch: 'B7',
    phone: '+503 7000 0000',
    where: '13.69 -89.19 0 8',
    where_code: '13.69 -89.19 0 8',
    username: 'Ana',
  });
  expect(answers.sim).toBeUndefined();
  expect(answers.mail).toBeUndefined();
  expect(answers.doc).toBeUndefined();
  expect(answers.sketch).toBeUndefined();
  const audit: string[] = answers.meta_audit.split('\n');
  expect(audit[0]).toBe('event,node,start,end');
  expect(audit[1]).toMatch(/^form start,,\d+,$/);
  expect(audit.some((line) => /^question,water_other,\d+,\d+$/.test(line))).toBe(true);
  expect(audit.some((line) => /^group questions,layout,\d+,\d+$/.test(line))).toBe(true);
  expect(audit.at(-1)).toMatch(/^form finalize,,\d+,$/);
});
