import { describe, expect, it } from 'vitest';
import { COVERAGE_SURVEY } from '../../src/lib/domain/coverage-survey';
import { INSTANCE_ID } from '../../src/lib/domain/types';
import {
  FormSession,
  issuesOn,
  nextScreen,
  pagingOf,
  previousScreen,
  progress,
  rewriteChoiceFilter,
  screenById,
  validateAll,
  type Cell,
} from '../../src/lib/forms/engine';
import type { FormData, Question } from '../../src/lib/forms/model';
import { generateBigForm } from '../bench/big-form.mjs';

const NOW = new Date('2026-03-02T15:04:05Z');
const env = { now: () => NOW, deviceId: 'dev-1', username: 'ana' };

function form(questions: Question[], choices: FormData['choices'] = {}): FormData {
  return { formId: 't', version: '1', title: { en: 'T' }, languages: ['en'], defaultLanguage: 'en', questions, choices, warnings: [] };
}

function set(s: FormSession, name: string, value: string): void {
  s.setValue(s.cell(name)!, value);
}

/** The names of the relevant screens, in order, as an enumerator pages through them. */
function visited(s: FormSession): string[] {
  const { screens } = pagingOf(s);
  const out: string[] = [];
  for (let i = nextScreen(s, -1); i < screens.length; i = nextScreen(s, i)) out.push(screens[i].id);
  return out;
}

describe('the coverage survey', () => {
  const start = () => new FormSession(COVERAGE_SURVEY, undefined, env);
  const general = (s: FormSession) => {
    set(s, 'consent', 'yes');
    set(s, 'department', 'SV-MO');
    set(s, 'area', 'rural');
    set(s, 'sex', 'female');
    set(s, 'age', '34');
  };

  it('fills metadata and shows only consent before it is given', () => {
    const s = start();
    expect(s.answers()).toMatchObject({ today: '2026-03-02', start: expect.stringMatching(/^2026-03-0[23]T/) });
    expect(visited(s)).toEqual(['consent']);
    expect(validateAll(s).map((i) => [i.path, i.key])).toEqual([['consent', 'fill.required']]);
  });

  it('ends early for a person not employed', () => {
    const s = start();
    general(s);
    set(s, 'worked_last_week', 'no');
    expect(visited(s)).toContain('temp_absent');
    expect(visited(s)).not.toContain('not_employed_end');
    set(s, 'temp_absent', 'no');
    const seen = visited(s);
    expect(seen.at(-1)).toBe('not_employed_end');
    expect(seen).not.toContain('status_employment');
    expect(s.cell('employed')!.value).toBe('0');
    expect(validateAll(s)).toEqual([]);
    expect(Object.keys(s.answers())).not.toContain('status_employment');
  });

  it('asks a domestic worker about the contract, then the special regime, and computes formality', () => {
    const s = start();
    general(s);
    set(s, 'worked_last_week', 'yes');
    expect(s.cell('temp_absent')!.relevant).toBe(false);
    expect(s.cell('employed')!.value).toBe('1');
    set(s, 'status_employment', 'domestic');
    const seen = visited(s);
    expect(seen).toEqual(expect.arrayContaining(['written_contract', 'employer_contrib_isss', 'paid_leave', 'paid_sick_leave']));
    expect(seen).not.toContain('business_registered');
    set(s, 'employer_contrib_isss', 'no');
    set(s, 'isss_status', 'none');
    set(s, 'pension_contrib', 'no');
    expect(s.cell('contributor_any')!.value).toBe('0');
    expect(visited(s)).toEqual(expect.arrayContaining(['knows_special_regime', 'reasons_no_contrib']));
    expect(visited(s)).not.toContain('contrib_months_12');
    expect(s.cell('formal_job')!.value).toBe('0');
    set(s, 'employer_contrib_isss', 'yes');
    expect(s.cell('formal_job')!.value).toBe('1');
  });

  it('asks a self-employed person about the business, not the employer', () => {
    const s = start();
    general(s);
    set(s, 'worked_last_week', 'yes');
    set(s, 'status_employment', 'own_account');
    const seen = visited(s);
    expect(seen).toEqual(expect.arrayContaining(['business_registered', 'keeps_accounts', 'num_workers']));
    expect(seen).not.toContain('written_contract');
    set(s, 'business_registered', 'yes_hacienda');
    expect(s.cell('formal_job')!.value).toBe('1');
    set(s, 'isss_status', 'contrib_selfemployed');
    expect(s.cell('contributor_health')!.value).toBe('1');
    expect(visited(s)).toContain('contrib_months_12');
    expect(visited(s)).not.toContain('knows_special_regime');
  });

  it('reports a broken constraint with the form message, and clears it when fixed', () => {
    const s = start();
    general(s);
    set(s, 'age', '7');
    const issue = validateAll(s).find((i) => i.path === 'age')!;
    expect(issue).toMatchObject({ key: 'fill.constraint', message: { es: 'La edad debe estar entre 14 y 99 años', en: 'Age must be 14–99' } });
    expect(pagingOf(s).screens[issue.screen].id).toBe('age');
    set(s, 'age', '41');
    expect(validateAll(s).find((i) => i.path === 'age')).toBeUndefined();
    set(s, 'age', '');
    expect(validateAll(s).find((i) => i.path === 'age')?.key).toBe('fill.required');
  });

  it('checks a select_multiple constraint on its space-separated value', () => {
    const s = start();
    general(s);
    set(s, 'worked_last_week', 'yes');
    set(s, 'status_employment', 'own_account');
    set(s, 'isss_status', 'none');
    set(s, 'pension_contrib', 'no');
    set(s, 'reasons_no_contrib', 'too_expensive dk');
    expect(validateAll(s).some((i) => i.path === 'reasons_no_contrib' && i.key === 'fill.constraint')).toBe(true);
    set(s, 'reasons_no_contrib', 'too_expensive irregular_income');
    expect(validateAll(s).some((i) => i.path === 'reasons_no_contrib')).toBe(false);
  });

  it('resumes from saved answers to the same screens and values', () => {
    const s = start();
    general(s);
    set(s, 'worked_last_week', 'yes');
    const again = new FormSession(COVERAGE_SURVEY, s.answers(), env);
    expect(again.answers()).toEqual(s.answers());
    expect(visited(again)).toEqual(visited(s));
    expect(screenById(again, 'sex')).toBe(pagingOf(again).screens.findIndex((x) => x.id === 'sex'));
  });
});

describe('a form session', () => {
  it('drops a hidden value from the saved answers and reads it as empty', () => {
    const s = new FormSession(
      form([
        { type: 'text', name: 'a' },
        { type: 'text', name: 'b', relevant: "${a} = 'x'" },
        { type: 'calculate', name: 'c', calculation: "concat('[', ${b}, ']')" },
      ]),
    );
    set(s, 'a', 'x');
    set(s, 'b', 'kept');
    expect(s.answers()).toEqual({ a: 'x', b: 'kept', c: '[kept]' });
    set(s, 'a', 'y');
    expect(s.answers()).toEqual({ a: 'y', c: '[]' });
    expect(s.cell('b')!.raw).toBe('kept');
  });

  it('hides a question inside a non-relevant group, and skips its screen', () => {
    const s = new FormSession(
      form([
        { type: 'integer', name: 'n' },
        { type: 'group', name: 'g', relevant: '${n} > 0', children: [{ type: 'text', name: 'inside' }] },
        { type: 'text', name: 'last' },
      ]),
    );
    expect(visited(s)).toEqual(['n', 'last']);
    set(s, 'n', '2');
    expect(visited(s)).toEqual(['n', 'inside', 'last']);
    const i = screenById(s, 'inside');
    expect(nextScreen(s, i)).toBe(screenById(s, 'last'));
    set(s, 'n', '0');
    expect(previousScreen(s, screenById(s, 'last'))).toBe(0);
    expect(progress(s, screenById(s, 'last'))).toEqual({ done: 1, total: 2 });
  });

  it('puts a field-list group on one screen', () => {
    const s = new FormSession(
      form([{ type: 'group', name: 'g', appearance: 'field-list', children: [{ type: 'text', name: 'x', required: true }, { type: 'text', name: 'y' }] }]),
    );
    expect(visited(s)).toEqual(['g']);
    expect(issuesOn(s, 0).map((i) => i.path)).toEqual(['x']);
  });

  it('makes a question required by an expression', () => {
    const s = new FormSession(
      form([
        { type: 'integer', name: 'kids' },
        { type: 'text', name: 'school', required: '${kids} > 0', requiredMessage: { en: 'Say which school' } },
      ]),
    );
    expect(validateAll(s)).toEqual([]);
    set(s, 'kids', '2');
    expect(validateAll(s)).toMatchObject([{ path: 'school', key: 'fill.required', message: { en: 'Say which school' } }]);
  });

  it('keeps a chain of calculations up to date and checks number formats', () => {
    const s = new FormSession(
      form([
        { type: 'decimal', name: 'price' },
        { type: 'integer', name: 'qty', default: '2' },
        { type: 'calculate', name: 'total', calculation: 'round(${subtotal} * 1.13, 2)' },
        { type: 'calculate', name: 'subtotal', calculation: '${price} * ${qty}' },
        { type: 'text', name: 'label', readOnly: true, calculation: "concat('$', ${total})" },
      ]),
    );
    expect(s.cell('qty')!.value).toBe('2');
    expect(s.cell('total')!.value).toBe('');
    set(s, 'price', '10');
    expect(s.cell('subtotal')!.value).toBe('20');
    expect(s.cell('total')!.value).toBe('22.6');
    expect(s.cell('label')!.value).toBe('$22.6');
    expect(s.cell('label')!.readOnly).toBe(true);
    set(s, 'qty', '2.5');
    expect(validateAll(s).map((i) => i.key)).toEqual(['fill.integer']);
  });

  it('filters choices by their columns (choice_filter)', () => {
    const s = new FormSession(
      form(
        [
          { type: 'select_one', name: 'dept', listName: 'depts' },
          { type: 'select_one', name: 'town', listName: 'towns', choiceFilter: "dept = ${dept} or name = 'other'" },
        ],
        {
          depts: [
            { name: 'MO', label: { en: 'Morazán' } },
            { name: 'SS', label: { en: 'San Salvador' } },
          ],
          towns: [
            { name: 'perquin', label: { en: 'Perquín' }, extra: { dept: 'MO' } },
            { name: 'apopa', label: { en: 'Apopa' }, extra: { dept: 'SS' } },
            { name: 'other', label: { en: 'Other' }, extra: { dept: '' } },
          ],
        },
      ),
    );
    const names = () => s.choicesFor(s.cell('town')!).map((c) => c.name);
    expect(names()).toEqual(['other']);
    set(s, 'dept', 'MO');
    expect(names()).toEqual(['perquin', 'other']);
    set(s, 'dept', 'SS');
    expect(names()).toEqual(['apopa', 'other']);
  });

  it('rewrites only bare names in a choice filter', () => {
    expect(rewriteChoiceFilter("cf = ${q} and starts-with(name, 'a') or x1 != 'b c'")).toBe(
      "${__choice__cf} = ${q} and starts-with(${__choice__name}, 'a') or ${__choice__x1} != 'b c'",
    );
  });

  describe('repeats', () => {
    const household = form([
      { type: 'integer', name: 'size' },
      {
        type: 'repeat',
        name: 'member',
        children: [
          { type: 'text', name: 'name' },
          { type: 'integer', name: 'age' },
          { type: 'calculate', name: 'tag', calculation: "concat(position(..), ':', ${name}, '/', ${size})" },
          { type: 'text', name: 'school', relevant: '${age} < 18' },
        ],
      },
      { type: 'calculate', name: 'members', calculation: 'count(${member})' },
      { type: 'calculate', name: 'ages', calculation: 'sum(${age})' },
    ]);

    it('indexed-repeat() reads an instance of a repeat inside a repeat, and follows its answer', () => {
      const nested = form([
        {
          type: 'repeat',
          name: 'household',
          children: [{ type: 'repeat', name: 'person', children: [{ type: 'text', name: 'pname' }] }],
        },
        { type: 'calculate', name: 'picked', calculation: 'indexed-repeat(${pname}, ${household}, 2, ${person}, 1)' },
        { type: 'calculate', name: 'beyond', calculation: 'indexed-repeat(${pname}, ${household}, 3, ${person}, 1)' },
      ]);
      const s = new FormSession(nested, undefined, env);
      const household = s.cell('household')!;
      const first = s.addInstance(household);
      const second = s.addInstance(household);
      s.setValue(s.addInstance(first.cells.get('person')!).cells.get('pname')!, 'Ana');
      const luis = s.addInstance(second.cells.get('person')!).cells.get('pname')!;
      s.setValue(luis, 'Luis');
      expect(s.cell('picked')!.value).toBe('Luis');
      expect(s.cell('beyond')!.value).toBe('');
      s.setValue(luis, 'Luisa');
      expect(s.cell('picked')!.value).toBe('Luisa');
    });

    it('adds and removes instances, with position(), siblings, count() and sum()', () => {
      const s = new FormSession(household, undefined, env);
      const member = s.cell('member')!;
      expect(s.cell('members')!.value).toBe('0');
      const first = s.addInstance(member);
      const second = s.addInstance(member);
      s.setValue(first.cells.get('name')!, 'Ana');
      s.setValue(first.cells.get('age')!, '40');
      s.setValue(second.cells.get('name')!, 'Luis');
      s.setValue(second.cells.get('age')!, '12');
      set(s, 'size', '2');
      expect(s.cell('members')!.value).toBe('2');
      expect(s.cell('ages')!.value).toBe('52');
      expect(second.cells.get('tag')!.value).toBe('2:Luis/2');
      expect(first.cells.get('school')!.relevant).toBe(false);
      expect(second.cells.get('school')!.relevant).toBe(true);
      expect(s.answers().member).toEqual([
        { [INSTANCE_ID]: first.instanceId, name: 'Ana', age: '40', tag: '1:Ana/2' },
        { [INSTANCE_ID]: second.instanceId, name: 'Luis', age: '12', tag: '2:Luis/2' },
      ]);
      // Each instance keeps its own id, later ones sorting later.
      expect(first.instanceId < second.instanceId).toBe(true);

      s.removeInstance(member, first);
      expect(second.cells.get('tag')!.value).toBe('1:Luis/2');
      expect(second.cells.get('age')!.path).toBe('member[1]/age');
      expect(s.cell('members')!.value).toBe('1');
      expect(s.cell('ages')!.value).toBe('12');
      expect(pagingOf(s).screens.map((x) => x.id)).toEqual(['size', 'member[1]', 'member/+']);
    });

    it('follows repeat_count and reloads instances from saved answers', () => {
      const counted = form([
        { type: 'integer', name: 'n' },
        { type: 'repeat', name: 'r', repeatCount: '${n}', children: [{ type: 'integer', name: 'v', required: true }] },
        { type: 'calculate', name: 'total', calculation: 'sum(${v})' },
      ]);
      const s = new FormSession(counted);
      set(s, 'n', '3');
      expect(s.cell('r')!.instances).toHaveLength(3);
      expect(validateAll(s).map((i) => i.path)).toEqual(['r[1]/v', 'r[2]/v', 'r[3]/v']);
      s.cell('r')!.instances.forEach((inst, i) => s.setValue(inst.cells.get('v')!, String(i + 1)));
      expect(s.cell('total')!.value).toBe('6');
      set(s, 'n', '2');
      expect(s.cell('total')!.value).toBe('3');
      const again = new FormSession(counted, s.answers());
      const ids = s.cell('r')!.instances.map((inst) => inst.instanceId);
      expect(again.answers()).toEqual({ n: '2', r: [{ [INSTANCE_ID]: ids[0], v: '1' }, { [INSTANCE_ID]: ids[1], v: '2' }], total: '3' });
      expect(pagingOf(again).screens.map((x) => x.id)).toEqual(['n', 'r[1]', 'r[2]']);
      // Answers saved before instances had ids: each gets the id a merge sees it by (its position).
      const older = new FormSession(counted, { n: '2', r: [{ v: '1' }, { v: '2' }] });
      expect(older.answers().r).toEqual([
        { [INSTANCE_ID]: '000000000-0001', v: '1' },
        { [INSTANCE_ID]: '000000000-0002', v: '2' },
      ]);
    });
  });

  it('records metadata and the end time', () => {
    const s = new FormSession(
      form([
        { type: 'start', name: 'start' },
        { type: 'end', name: 'end' },
        { type: 'deviceid', name: 'device' },
        { type: 'username', name: 'user' },
      ]),
      undefined,
      env,
    );
    expect(s.answers()).toMatchObject({ device: 'dev-1', user: 'ana' });
    expect(s.answers().end).toBeUndefined();
    s.markEnd();
    expect(typeof s.answers().end).toBe('string');
    expect(pagingOf(s).screens).toEqual([]);
  });

  it('keeps the benchmark form (300 questions, 100 instances) right, touching only dependents', () => {
    const s = new FormSession(generateBigForm());
    expect(s.cell('member')!.instances).toHaveLength(100);
    // 100 instances: ages 30 → scores 60 + position.
    expect(s.cell('member_total')!.value).toBe(String(100 * 60 + 5050));
    const changed: number[] = [];
    s.onChange((cells) => changed.push(cells.size));
    set(s, 'n100', '1');
    expect(s.cell('c100')!.value).toBe('2');
    // n100, c100, and the note reading it: nothing else.
    expect(changed).toEqual([3]);
    set(s, 'n1', '1');
    expect(s.cell('c100')!.value).toBe('4');
    expect(s.cell('member_total')!.value).toBe(String(100 * 61 + 5050));
    expect(pagingOf(s).screens).toHaveLength(1 + 100 + 100);
  });

  it('re-evaluates only what reads a changed answer', () => {
    const questions: Question[] = [{ type: 'integer', name: 'a' }];
    for (let i = 0; i < 200; i++) questions.push({ type: 'integer', name: `q${i}`, relevant: `\${q${i === 0 ? 199 : i - 1}} != 5` });
    const s = new FormSession(form(questions));
    const changed: ReadonlySet<Cell>[] = [];
    s.onChange((cells) => changed.push(cells));
    set(s, 'a', '1');
    expect([...changed[0]].map((c) => c.node.name)).toEqual(['a']);
  });
});
