// A generated stress form for the form-filling benchmark (DESIGN.md: a 300-question
// form with repeats answers each keystroke within one frame). Plain JavaScript so
// that both the Playwright benchmark (Node, no TypeScript) and the unit tests use it.
//
// - `block`, a field-list group: integers n1..n100 and a note showing two totals;
// - c1..c100, a chain of calculations: c_i = n_i * 2 + c_(i-1), so an answer to n1
//   ripples through all hundred;
// - t1..t100, text questions, each relevant on its own n_i;
// - `member`, a repeat fixed at 100 instances (name, age, a calculation reading n1),
//   summed outside the repeat.

export const BIG_FORM_ID = 'bench_big_form';

/** @returns {import('../../src/lib/domain/types').FormData} */
export function generateBigForm({ size = 100, instances = 100 } = {}) {
  const n = (i) => ({
    type: 'integer',
    name: `n${i}`,
    label: { es: `Número ${i}`, en: `Number ${i}` },
    constraint: '. >= 0',
    constraintMessage: { es: 'No negativo', en: 'Not negative' },
  });
  const c = (i) => ({
    type: 'calculate',
    name: `c${i}`,
    calculation: i === 1 ? 'coalesce(${n1}, 0) * 2' : `coalesce(\${n${i}}, 0) * 2 + \${c${i - 1}}`,
  });
  const t = (i) => ({ type: 'text', name: `t${i}`, label: { es: `Texto ${i}`, en: `Text ${i}` }, relevant: `\${n${i}} != 99` });
  const range = (k) => Array.from({ length: k }, (_, i) => i + 1);
  return {
    formId: BIG_FORM_ID,
    version: '1',
    title: { es: 'Formulario de prueba de rendimiento', en: 'Performance test form' },
    languages: ['es', 'en'],
    defaultLanguage: 'es',
    questions: [
      {
        type: 'group',
        name: 'block',
        appearance: 'field-list',
        label: { es: 'Bloque', en: 'Block' },
        children: [
          ...range(size).map(n),
          {
            type: 'note',
            name: 'totals',
            label: { es: 'Totales', en: 'Totals' },
            calculation: `concat(\${c${size}}, ' / ', \${member_total})`,
          },
        ],
      },
      ...range(size).map(c),
      ...range(size).map(t),
      {
        type: 'repeat',
        name: 'member',
        label: { es: 'Integrante', en: 'Member' },
        repeatCount: String(instances),
        children: [
          { type: 'text', name: 'member_name', label: { es: 'Nombre', en: 'Name' } },
          { type: 'integer', name: 'member_age', label: { es: 'Edad', en: 'Age' }, default: '30' },
          { type: 'calculate', name: 'member_score', calculation: '${member_age} * 2 + coalesce(${n1}, 0) + position(..)' },
        ],
      },
      { type: 'calculate', name: 'member_total', calculation: 'sum(${member_score})' },
    ],
    choices: {},
    warnings: [],
  };
}
