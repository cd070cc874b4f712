import { describe, expect, it } from 'vitest';
import { changedFields, changedPaths, rebase, valueAt, withValueAt } from '../../src/lib/domain/edit-rebase';
import { formToProject, projectToForm } from '../../src/lib/domain/project-form';
import { formToIndicator, indicatorToForm } from '../../src/lib/domain/indicator-form';
import type { IndicatorData, ProjectData } from '../../src/lib/domain/types';

const project: ProjectData = {
  code: 'SLV/16/03/RBS',
  title: { es: 'Piso', en: 'Floor' },
  description: { es: 'Antes' },
  country: 'SV',
  region: 'Americas',
  status: 'active',
  start: '2017-11-01',
  end: '2021-12-31',
  budget: { amount: 462640, currency: 'USD' },
  funding: 'RBSA',
  partners: ['ISSS'],
  sdgTargets: ['1.3'],
  links: [{ type: 'project', code: 'X', title: { es: 'x' }, start: '2018-01-01', end: '2019-01-01', country: 'SV' }],
};

describe('rebase: an edit form meets a change made elsewhere', () => {
  it('takes the other change into fields the user did not touch, and keeps what the user typed', () => {
    const base = projectToForm(project);
    const mine = { ...base, title: { ...base.title, es: 'Título de A' } };
    const theirs = { ...base, description: { ...base.description, es: 'Descripción de B' } };
    const result = rebase(base, mine, theirs);
    expect(result.values.title.es).toBe('Título de A');
    expect(result.values.description.es).toBe('Descripción de B');
    expect(result.applied).toEqual([['description', 'es']]);
    expect(result.conflicts).toEqual([]);
  });

  it('merges texts language by language', () => {
    const base = projectToForm(project);
    const mine = { ...base, title: { ...base.title, es: 'Nuevo' } };
    const theirs = { ...base, title: { ...base.title, en: 'New' } };
    const result = rebase(base, mine, theirs);
    expect(result.values.title).toEqual({ es: 'Nuevo', en: 'New', fr: '' });
    expect(result.conflicts).toEqual([]);
  });

  it('a field both changed keeps the user value and is reported', () => {
    const base = projectToForm(project);
    const mine = { ...base, region: 'Centroamérica', budgetAmount: '500000' };
    const theirs = { ...base, region: 'América Central', funding: 'XBTC' };
    const result = rebase(base, mine, theirs);
    expect(result.values).toMatchObject({ region: 'Centroamérica', budgetAmount: '500000', funding: 'XBTC' });
    expect(result.conflicts).toEqual([['region']]);
    expect(result.applied).toEqual([['funding']]);
  });

  it('the same change on both sides is neither a conflict nor news', () => {
    const base = projectToForm(project);
    const mine = { ...base, region: 'Caribe' };
    const result = rebase(base, mine, { ...mine });
    expect(result).toEqual({ values: mine, applied: [], conflicts: [] });
  });

  it('indicator periods of the same count merge value by value; a period added is one change', () => {
    const indicator: IndicatorData = {
      outcomeId: 'o1',
      name: { es: 'Cobertura' },
      measure: 'percentage',
      unit: '%',
      baseline: null,
      disaggregations: ['sex'],
      periods: [
        { start: '2024-01-01', end: '2024-12-31', targets: [{ value: 10, dimensions: {} }], actuals: [] },
        { start: '2025-01-01', end: '2025-12-31', targets: [], actuals: [] },
      ],
      source: '',
      notes: '',
    };
    const base = indicatorToForm(indicator);
    const mine = structuredClone(base);
    mine.periods[0].targets[''] = '12';
    const theirs = indicatorToForm({
      ...indicator,
      periods: [indicator.periods[0], { ...indicator.periods[1], actuals: [{ value: 7, dimensions: { sex: 'female' } }] }],
    });
    const result = rebase(base, mine, theirs);
    expect(result.conflicts).toEqual([]);
    expect(result.values.periods[0].targets['']).toBe('12');
    expect(result.values.periods[1].actuals['sex=female']).toBe('7');
    expect(result.applied.map((p) => p.join('/'))).toContain('periods/1/actuals/sex=female');
    // Both saved as one record: the target and the other side's actual.
    const saved = formToIndicator(result.values, { outcomeId: 'o1' });
    expect(saved.periods[1].actuals).toEqual([{ value: 7, dimensions: { sex: 'female' } }]);
    expect(saved.periods[0].targets).toEqual([{ value: 12, dimensions: {} }]);

    const added = structuredClone(base);
    added.periods.push({ start: '2026-01-01', end: '2026-12-31', targets: {}, actuals: {}, stored: {}, history: [] });
    const clash = rebase(base, added, theirs);
    expect(clash.conflicts).toEqual([['periods']]);
    expect(clash.values.periods).toHaveLength(3);
  });

  it('a member one side removed and the other left alone goes away', () => {
    const result = rebase({ targets: { a: '1', b: '2' } }, { targets: { a: '1', b: '2' }, x: 1 }, { targets: { a: '1' } });
    expect(result.values).toEqual({ targets: { a: '1' }, x: 1 });
  });
});

describe('what Save writes', () => {
  it('only the stored fields the user changed, whatever the form normalizes', () => {
    const base = projectToForm(project);
    const mine = { ...base, title: { ...base.title, es: '  Piso nuevo ' } };
    const patch = changedFields(formToProject(base, project.links), formToProject(mine, project.links));
    expect(patch).toEqual({ title: { es: 'Piso nuevo', en: 'Floor' } });
  });

  it('nothing when nothing changed', () => {
    const base = projectToForm(project);
    expect(changedFields(formToProject(base, project.links), formToProject(structuredClone(base), project.links))).toEqual({});
  });
});

describe('paths', () => {
  it('finds, reads and replaces leaves', () => {
    const a = { title: { es: 'a', en: 'b' }, list: [1, 2] };
    const b = { title: { es: 'a', en: 'c' }, list: [1, 2, 3] };
    expect(changedPaths(a, b)).toEqual([['title', 'en'], ['list']]);
    expect(valueAt(b, ['title', 'en'])).toBe('c');
    const c = withValueAt(a, ['title', 'es'], 'z');
    expect(c).toEqual({ title: { es: 'z', en: 'b' }, list: [1, 2] });
    expect(a.title.es).toBe('a');
    expect(withValueAt(a, ['title', 'en'], undefined)).toEqual({ title: { es: 'a' }, list: [1, 2] });
  });
});

describe('rebase with file answers', () => {
  const photo = (n: number) => ({ hash: String(n).repeat(64), name: 'p.jpg', type: 'image/jpeg', size: 10 });
  it('treats a file as one value: never a hash from one side and a size from the other', () => {
    // Same name and type on every side: merged member by member, the hash of one would go with the other's size.
    const base = { photo: { ...photo(1), size: 10 } };
    const mine = { photo: { ...photo(2), size: 10 } };
    const theirs = { photo: { ...photo(1), size: 99 } };
    const result = rebase(base, mine, theirs);
    expect(result.values).toEqual(mine);
    expect(result.conflicts).toEqual([['photo']]);
    expect(rebase(base, base, theirs)).toMatchObject({ values: theirs, applied: [['photo']], conflicts: [] });
  });
});
