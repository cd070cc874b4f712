// A generated form with a 50,000-choice select, for the long-list benchmark, the unit
// tests and the browser test (issue 10: a select over 50,000 choices, with and without
// a choice_filter). Plain JavaScript so that Node (the benchmark, Playwright) and
// Vitest all use it.
//
// Screen 1 asks the department (50 of them); screen 2 the village: 50,000 villages,
// 1,000 per department, named with accents as real lists are ("San José de la
// Montaña 12345"). With `filtered`, the village list keeps the department's villages
// (`dept = ${department}`).

export const LONG_LIST_FORM_ID = 'bench_long_list';
export const VILLAGES = 50_000;
export const DEPARTMENTS = 50;

const FIRST = ['San', 'Santa', 'El', 'La', 'Los', 'Las', 'Nueva', 'Villa', 'Puerto', 'Cerro'];
const SECOND = ['José', 'María', 'Ángel', 'Pedro', 'Lucía', 'Tomás', 'Inés', 'Martín', 'Sofía', 'Andrés', 'Rosario', 'Ramón', 'Peña'];
const THIRD = ['de la Montaña', 'del Río', 'de Arriba', 'del Valle', 'de Abajo', 'del Carmen', 'de Guadalupe', 'del Mar', ''];

/** Village `i` (0-based): a readable name, unique through its number. */
export function villageLabel(i) {
  const words = [FIRST[i % FIRST.length], SECOND[Math.floor(i / FIRST.length) % SECOND.length], THIRD[i % THIRD.length]];
  return `${words.filter(Boolean).join(' ')} ${i + 1}`;
}

/** The department code of village `i`: villages are spread evenly over departments. */
export function villageDepartment(i) {
  return `d${String((i % DEPARTMENTS) + 1).padStart(2, '0')}`;
}

/** @returns {import('../../src/lib/domain/types').FormData} */
export function generateLongListForm({ filtered = false, villages = VILLAGES } = {}) {
  const departments = Array.from({ length: DEPARTMENTS }, (_, i) => {
    const name = `d${String(i + 1).padStart(2, '0')}`;
    return { name, label: { es: `Departamento ${i + 1}`, en: `Department ${i + 1}` } };
  });
  const village = Array.from({ length: villages }, (_, i) => ({
    name: `v${i + 1}`,
    label: { es: villageLabel(i), en: villageLabel(i) },
    extra: { dept: villageDepartment(i) },
  }));
  return {
    formId: filtered ? `${LONG_LIST_FORM_ID}_filtered` : LONG_LIST_FORM_ID,
    version: '1',
    title: { es: filtered ? 'Aldeas por departamento' : 'Aldeas', en: filtered ? 'Villages by department' : 'Villages' },
    languages: ['es', 'en'],
    defaultLanguage: 'es',
    questions: [
      { type: 'select_one', name: 'department', listName: 'department', label: { es: 'Departamento', en: 'Department' } },
      {
        type: 'select_one',
        name: 'village',
        listName: 'village',
        label: { es: 'Aldea', en: 'Village' },
        appearance: 'autocomplete',
        required: true,
        ...(filtered ? { choiceFilter: 'dept = ${department}' } : {}),
      },
    ],
    choices: { department: departments, village },
    warnings: [],
  };
}
