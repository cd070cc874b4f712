// `${name}` in labels and hints: what the interview shows.
import { describe, expect, it } from 'vitest';
import { FormSession, interpolate, resolveCell } from '../../src/lib/forms/engine';
import type { FormData } from '../../src/lib/forms/model';

const form: FormData = {
  formId: 'labels',
  version: '1',
  title: { es: 'Etiquetas' },
  languages: ['es'],
  defaultLanguage: 'es',
  choices: {},
  warnings: [],
  questions: [
    { type: 'text', name: 'name', label: { es: 'Nombre' } },
    { type: 'integer', name: 'age', label: { es: '¿Qué edad tiene ${name}?' }, relevant: "${name} != ''" },
    {
      type: 'repeat',
      name: 'child',
      label: { es: 'Hijo/a' },
      children: [
        { type: 'text', name: 'child_name', label: { es: 'Nombre' } },
        { type: 'integer', name: 'child_age', label: { es: 'Edad de ${child_name}, hijo/a de ${name}' } },
      ],
    },
  ],
};

describe('labels that show answers', () => {
  it('replaces each ${name} with the answer, and leaves plain text alone', () => {
    const values: Record<string, string> = { name: 'Ana', age: '34' };
    expect(interpolate('¿Qué edad tiene ${name}?', (n) => values[n] ?? '')).toBe('¿Qué edad tiene Ana?');
    expect(interpolate('${ name } tiene ${age} años', (n) => values[n] ?? '')).toBe('Ana tiene 34 años');
    expect(interpolate('Sin referencias', () => 'x')).toBe('Sin referencias');
    expect(interpolate('${missing}', (n) => values[n] ?? '')).toBe('');
  });

  it('reads a sibling in the same repeat instance first, then the questions outside', () => {
    const session = new FormSession(form, { name: 'Ana', child: [{ child_name: 'Luis' }, { child_name: 'Eva' }] });
    const repeat = session.cell('child')!;
    const [first, second] = repeat.instances;
    const label = form.questions[2].type === 'repeat' ? form.questions[2].children[1].label!.es : '';
    const show = (scope: typeof first) => interpolate(label, (n) => resolveCell(scope, n)?.value ?? '');
    expect(show(first)).toBe('Edad de Luis, hijo/a de Ana');
    expect(show(second)).toBe('Edad de Eva, hijo/a de Ana');
  });

  it('shows nothing for an answer that is hidden', () => {
    const session = new FormSession(form, { name: 'Ana', age: '34' });
    session.setValue(session.cell('name')!, '');
    expect(resolveCell(session.root, 'age')?.value).toBe('');
  });
});
