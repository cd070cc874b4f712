// responses-first-page-100k-ms, responses-filtered-page-100k-ms: with 100,000 responses
// on the device, the time from opening the responses list (or changing a filter) to
// its first page of 50 on screen. Budget (DESIGN.md): the list stays interactive.
// The responses are written with raw IndexedDB, 1,000 puts per transaction, as a bundle
// import would leave them; raw writes bypass the app's write path, so the list's index
// fields (ixLive, ixDepartment: src/lib/db/response-index.ts) are set here.

const FORM_ID = 'bench_coverage';
const TOTAL = 100_000;
const BATCH = 1_000;
const PAGE = 50;

/** Runs in the page: stores the form and TOTAL responses of about 1.5 KB each. */
async function store({ formId, total, batch }) {
  const departments = [
    'ahuachapan', 'santa_ana', 'sonsonate', 'chalatenango', 'la_libertad', 'san_salvador', 'cuscatlan',
    'la_paz', 'cabanas', 'san_vicente', 'usulutan', 'san_miguel', 'morazan', 'la_union',
  ];
  const hlc = (i) => `2026-03-01T00:00:00.000Z-${String(i % 10000).padStart(4, '0')}-bench-device`;
  const envelope = (id, kind, fields, i) => ({
    id,
    kind,
    hlc: hlc(i),
    fieldHlc: Object.fromEntries([...fields, 'deleted'].map((f) => [f, hlc(i)])),
    deviceId: 'bench-device',
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    deleted: false,
    dirty: 0,
  });
  const form = {
    formId,
    version: '1',
    title: { es: 'Cobertura (banco de pruebas)' },
    languages: ['es'],
    defaultLanguage: 'es',
    warnings: [],
    questions: [{ type: 'select_one', name: 'department', listName: 'department', label: { es: 'Departamento' } }],
    choices: { department: departments.map((name) => ({ name, label: { es: name.replace('_', ' ') } })) },
  };
  const response = (i) => {
    const data = {
      formId,
      formVersion: '1',
      projectId: null,
      status: i % 4 === 0 ? 'draft' : 'finalized',
      answers: {
        consent: 'yes', department: departments[i % 14], area: i % 3 ? 'urban' : 'rural', sex: i % 2 ? 'female' : 'male',
        age: String(18 + (i % 60)), occupation: 'own_account', sector: 'agriculture', contributes_isss: i % 5 ? 'no' : 'yes',
        contributes_ipsfa: 'no', pension_afp: i % 7 ? 'no' : 'yes', health_insurance: 'none', income_band: String(i % 6),
        household_size: String(1 + (i % 8)), domestic_worker: 'no', written_contract: i % 3 ? 'no' : 'yes',
        barriers: 'cost information distance', comments: `Entrevista ${i} realizada en campo`,
      },
      startedAt: new Date(Date.UTC(2024, 0, 1) + i * 600_000).toISOString(),
      finalizedAt: i % 4 === 0 ? null : new Date(Date.UTC(2024, 0, 1) + i * 600_000 + 900_000).toISOString(),
      enumerator: `Enumerador ${i % 25}`,
      device: 'bench-device',
      location: { latitude: 13.7 + (i % 100) / 1000, longitude: -89.2 - (i % 100) / 1000, accuracy: 8 },
      history: [],
    };
    return { ...data, ...envelope(`bench-${String(i).padStart(6, '0')}`, 'response', Object.keys(data), i), ixLive: 1, ixDepartment: data.answers.department };
  };
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('piso');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const write = (records, table) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(table, 'readwrite');
      for (const record of records) tx.objectStore(table).put(record);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
  const started = performance.now();
  await write([{ ...form, ...envelope('bench-form', 'form', Object.keys(form), 0) }], 'forms');
  for (let from = 0; from < total; from += batch) {
    await write(Array.from({ length: Math.min(batch, total - from) }, (_, k) => response(from + k)), 'responses');
  }
  db.close();
  return performance.now() - started;
}

/** Time in the page from `act` to the list showing `PAGE` rows that all contain `expected`. */
async function timeToPage(page, act, expected) {
  await page.evaluate(() => (window.__benchStart = performance.now()));
  await act();
  await page.waitForFunction(
    ({ size, text }) => {
      const rows = [...document.querySelectorAll('main ul[aria-label] li a')];
      return rows.length === size && rows.every((row) => row.textContent.includes(text));
    },
    { size: PAGE, text: expected },
    { timeout: 60_000, polling: 'raf' },
  );
  return page.evaluate(() => performance.now() - window.__benchStart);
}

export async function run({ browser, baseURL }) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await page.goto(baseURL);
    // The app has opened (and created) its database once the first screen shows.
    await page.getByRole('heading', { level: 1 }).waitFor();
    const storeMs = await page.evaluate(store, { formId: FORM_ID, total: TOTAL, batch: BATCH });

    const firstMs = await timeToPage(page, () => page.evaluate((id) => (location.hash = `#/forms/${id}/responses`), FORM_ID), '');
    // Two filters that no single index covers: the enumerator's index, department checked per record.
    await page.getByLabel('Departamento').selectOption('morazan');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('main ul[aria-label] li a')];
      return rows.length > 0 && rows.every((row) => row.textContent.includes('morazan'));
    });
    const filteredMs = await timeToPage(page, () => page.getByLabel('Encuestador/a').selectOption('Enumerador 12'), 'Enumerador 12');

    console.log(`bench: responses-store-100k-ms = ${Math.round(storeMs)} ms`);
    console.log(`bench: responses-first-page-100k-ms = ${Math.round(firstMs)} ms`);
    console.log(`bench: responses-filtered-page-100k-ms = ${Math.round(filteredMs)} ms`);
  } finally {
    await context.close();
  }
}
