import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  evaluate,
  filterItems,
  parseExpression,
  parseFilter,
  references,
  toBoolean,
  toNumber,
  toString,
  type EvalContext,
  type Nodeset,
  type Row as Item,
} from '../../src/lib/forms/expr';
import {
  TABLE,
  TABLE_ANSWERS,
  TABLE_CURRENT,
  TABLE_DATA,
  TABLE_LABELS,
  TABLE_NOW,
  TABLE_POSITION,
  type Expected,
} from './expr-table';

function context(
  answers: Record<string, string | Nodeset>,
  overrides: Partial<EvalContext> = {},
): EvalContext {
  return {
    value: (name) => answers[name] ?? '',
    current: () => TABLE_CURRENT,
    position: () => TABLE_POSITION,
    choiceLabel: (q, c) => TABLE_LABELS[q]?.[c] ?? '',
    now: TABLE_NOW,
    data: { items: (id) => TABLE_DATA[id] },
    ...overrides,
  };
}

function parseError(src: string): ExpressionError {
  try {
    parseExpression(src);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`expected ${src} not to parse`);
}

describe('expression table', () => {
  const ctx = context(TABLE_ANSWERS);
  it('has at least 150 rows', () => expect(TABLE.length).toBeGreaterThanOrEqual(150));

  it.each(TABLE.map(([src, expected]) => [JSON.stringify(src), src, expected] as const))(
    '%s',
    (_label, src: string, expected: Expected) => {
      if (typeof expected === 'object') {
        const e = parseError(src);
        expect(e.message).toMatch(expected.message);
        expect(e.position).toBe(expected.error);
      } else {
        expect(evaluate(parseExpression(src), ctx)).toBe(expected);
      }
    },
  );
});

describe('conversions', () => {
  it('toNumber follows XPath (and ODK for dates)', () => {
    expect(toNumber('')).toBeNaN();
    expect(toNumber(' 3.50 ')).toBe(3.5);
    expect(toNumber('0x10')).toBeNaN();
    expect(toNumber('Infinity')).toBeNaN();
    expect(toNumber(false)).toBe(0);
    expect(toNumber(['4', '5'])).toBe(4);
    expect(toNumber([])).toBeNaN();
    expect(toNumber('1970-01-02')).toBe(1);
  });

  it('toString writes integers without .0 and never an exponent', () => {
    expect(toString(2)).toBe('2');
    expect(toString(2.5)).toBe('2.5');
    expect(toString(NaN)).toBe('NaN');
    expect(toString(-Infinity)).toBe('-Infinity');
    expect(toString(1.5e-10)).toBe('0.00000000015');
    expect(toString(-2e22)).toBe('-20000000000000000000000');
    expect(toString(false)).toBe('false');
    expect(toString(['a', 'b'])).toBe('a');
  });

  it('toBoolean follows XPath', () => {
    expect(toBoolean('0')).toBe(true);
    expect(toBoolean('')).toBe(false);
    expect(toBoolean(NaN)).toBe(false);
    expect(toBoolean(-1)).toBe(true);
    expect(toBoolean([])).toBe(false);
    expect(toBoolean([''])).toBe(true);
  });
});

describe('evaluation details', () => {
  it('now() is the device time with its offset, as ODK stores it', () => {
    const now = evaluate(parseExpression('now()'), context(TABLE_ANSWERS));
    expect(now).toMatch(/^2024-01-15T10:30:05\.250[+-]\d{2}:\d{2}$/);
    expect(toNumber(now)).toBeCloseTo(TABLE_NOW().getTime() / 86_400_000, 8);
  });

  it('uuid() gives a fresh UUID each time, and once() keeps the first', () => {
    const expr = parseExpression('uuid()');
    const ctx = context({});
    const a = evaluate(expr, ctx);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(evaluate(expr, ctx)).not.toBe(a);
    const once = parseExpression('once(uuid())');
    const first = evaluate(once, context({}, { current: () => '' }));
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(evaluate(once, context({}, { current: () => String(first) }))).toBe(first);
  });

  it('format-date names months and days in the context language', () => {
    const es = context({}, { locale: () => 'es' });
    expect(evaluate(parseExpression("format-date('2024-01-07', '%a %e %b %Y')"), es)).toBe('dom 7 ene 2024');
  });

  it('is parsed once and evaluated many times against changing answers', () => {
    const answers: Record<string, string> = { age: '' };
    const expr = parseExpression('${age} >= 15');
    const ctx = context(answers);
    expect(evaluate(expr, ctx)).toBe(false);
    answers.age = '15';
    expect(evaluate(expr, ctx)).toBe(true);
    answers.age = '1';
    expect(evaluate(expr, ctx)).toBe(false);
  });

  it('does not evaluate the branch if() leaves out', () => {
    const read: string[] = [];
    const ctx = context({}, { value: (name) => (read.push(name), '1') });
    evaluate(parseExpression('if(${a} = 1, ${b}, ${c})'), ctx);
    expect(read).toEqual(['a', 'b']);
  });

  it('short-circuits and / or', () => {
    const read: string[] = [];
    const ctx = context({}, { value: (name) => (read.push(name), '') });
    evaluate(parseExpression('${a} and ${b}'), ctx);
    evaluate(parseExpression("${c} = '' or ${d}"), ctx);
    expect(read).toEqual(['a', 'c']);
  });

  it('never compiles code at run time', () => {
    const ctx = context(TABLE_ANSWERS);
    const original = globalThis.Function;
    globalThis.Function = (() => {
      throw new Error('Function constructor used');
    }) as unknown as FunctionConstructor;
    try {
      expect(evaluate(parseExpression("concat(${name}, if(${age} > 1, 'x', 'y'))"), ctx)).toBe('María Joséx');
    } finally {
      globalThis.Function = original;
    }
  });
});

describe('references', () => {
  it('lists the names an expression reads, once each, in order', () => {
    expect(references(parseExpression("${b} + ${a} * ${b} > count(${c}) and . = ''"))).toEqual(['b', 'a', 'c']);
    expect(references(parseExpression("jr:choice-name(., '${sex}')"))).toEqual(['sex']);
    expect(references(parseExpression("if(1, 'a', concat(-${x}, 'y'))"))).toEqual(['x']);
    expect(references(parseExpression('today()'))).toEqual([]);
  });
});

/**
 * Every relevant, constraint and calculation of reference/coverage-survey/survey.csv
 * (the default survey), copied verbatim.
 */
interface Row {
  type: string;
  name: string;
  relevant?: string;
  constraint?: string;
  calculation?: string;
}
const SURVEY: Row[] = [
  { type: 'select_one', name: 'consent' },
  { type: 'begin_group', name: 'main', relevant: "${consent}='yes'" },
  { type: 'select_one', name: 'department' },
  { type: 'select_one', name: 'area' },
  { type: 'select_one', name: 'sex' },
  { type: 'integer', name: 'age', constraint: '. >= 14 and . <= 99' },
  { type: 'select_one', name: 'worked_last_week' },
  { type: 'select_one', name: 'temp_absent', relevant: "${worked_last_week}='no'" },
  { type: 'calculate', name: 'employed', calculation: "if((${worked_last_week}='yes' or ${temp_absent}='yes'), 1, 0)" },
  { type: 'note', name: 'not_employed_end', relevant: "${employed}=0 and ${temp_absent}!=''" },
  { type: 'end_group', name: '' },
  { type: 'begin_group', name: 'job', relevant: "${consent}='yes' and ${employed}=1" },
  { type: 'select_one', name: 'status_employment' },
  { type: 'select_one', name: 'branch' },
  { type: 'select_one', name: 'written_contract', relevant: "(${status_employment}='employee_private' or ${status_employment}='employee_public' or ${status_employment}='domestic')" },
  { type: 'select_one', name: 'employer_contrib_isss', relevant: "(${status_employment}='employee_private' or ${status_employment}='employee_public' or ${status_employment}='domestic')" },
  { type: 'select_one', name: 'paid_leave', relevant: "(${status_employment}='employee_private' or ${status_employment}='employee_public' or ${status_employment}='domestic')" },
  { type: 'select_one', name: 'paid_sick_leave', relevant: "(${status_employment}='employee_private' or ${status_employment}='employee_public' or ${status_employment}='domestic')" },
  { type: 'select_one', name: 'business_registered', relevant: "(${status_employment}='own_account' or ${status_employment}='employer')" },
  { type: 'select_one', name: 'keeps_accounts', relevant: "(${status_employment}='own_account' or ${status_employment}='employer')" },
  { type: 'integer', name: 'num_workers', relevant: "(${status_employment}='own_account' or ${status_employment}='employer')", constraint: '. >= 1 and . <= 5000' },
  { type: 'select_one', name: 'isss_status', constraint: "(. != 'contrib_domestic' or ${status_employment}='domestic') and (. != 'contrib_selfemployed' or ${status_employment}='own_account' or ${status_employment}='employer')" },
  { type: 'select_one', name: 'pension_contrib' },
  { type: 'calculate', name: 'contributor_health', calculation: "if(starts-with(${isss_status}, 'contrib_'), 1, 0)" },
  { type: 'calculate', name: 'contributor_pension', calculation: "if(${pension_contrib}='afp' or ${pension_contrib}='public' or ${pension_contrib}='ipsfa', 1, 0)" },
  { type: 'calculate', name: 'contributor_any', calculation: 'if(${contributor_health}=1 or ${contributor_pension}=1, 1, 0)' },
  { type: 'integer', name: 'contrib_months_12', relevant: '${contributor_any}=1', constraint: '. >= 0 and . <= 12' },
  { type: 'select_one', name: 'knows_special_regime', relevant: "(${status_employment}='domestic' or ${status_employment}='own_account') and ${contributor_health}=0" },
  { type: 'select_multiple', name: 'reasons_no_contrib', relevant: '${contributor_any}=0', constraint: "not(selected(., 'dk') and count-selected(.) > 1)" },
  { type: 'select_one', name: 'willing_to_contribute', relevant: '${contributor_any}=0' },
  { type: 'decimal', name: 'monthly_income', constraint: '. >= 0 and . <= 50000' },
  { type: 'select_one', name: 'work_accident_12m' },
  { type: 'select_one', name: 'noncontrib_benefit' },
  { type: 'calculate', name: 'formal_job', calculation: "if(${status_employment}='family_worker', 0, if((${status_employment}='own_account' or ${status_employment}='employer'), if(${business_registered}='yes_hacienda', 1, 0), if(${employer_contrib_isss}='yes', 1, if(${employer_contrib_isss}='dk' and ${paid_leave}='yes' and ${paid_sick_leave}='yes', 1, 0))))" },
  { type: 'end_group', name: '' },
];

interface Outcome {
  /** Names whose own relevant expression (and every enclosing group's) is true. */
  relevant: string[];
  /** Every calculate's stored value ('' when not relevant). */
  calculated: Record<string, string>;
  /** Names whose constraint fails on a non-empty, relevant answer. */
  failed: string[];
}

/** A minimal form pass in the order of the sheet, as the renderer will do it. */
function run(answers: Record<string, string>): Outcome {
  const values: Record<string, string> = {};
  const parsed = new Map<string, ReturnType<typeof parseExpression>>();
  const expr = (src: string) => parsed.get(src) ?? parsed.set(src, parseExpression(src)).get(src)!;
  const outcome: Outcome = { relevant: [], calculated: {}, failed: [] };
  const groups: boolean[] = [true];
  let current = '';
  const ctx = context({}, { value: (name) => values[name] ?? '', current: () => current });
  for (const row of SURVEY) {
    if (row.type === 'end_group') {
      groups.pop();
      continue;
    }
    const relevant = groups[groups.length - 1] && (!row.relevant || toBoolean(evaluate(expr(row.relevant), ctx)));
    if (row.relevant && relevant) outcome.relevant.push(row.name);
    if (row.type === 'begin_group') {
      groups.push(relevant);
      continue;
    }
    // A hidden question's answer is dropped: others read it as ''.
    values[row.name] = !relevant ? '' : row.calculation ? toString(evaluate(expr(row.calculation), ctx)) : (answers[row.name] ?? '');
    if (row.calculation) outcome.calculated[row.name] = values[row.name];
    current = values[row.name];
    if (row.constraint && relevant && current !== '' && !toBoolean(evaluate(expr(row.constraint), ctx))) {
      outcome.failed.push(row.name);
    }
  }
  return outcome;
}

const CALCULATES = ['employed', 'contributor_health', 'contributor_pension', 'contributor_any', 'formal_job'];
const calculated = (...values: string[]) => Object.fromEntries(CALCULATES.map((n, i) => [n, values[i]]));

describe('the default coverage survey', () => {
  it('parses every relevant, constraint and calculation', () => {
    const sources = SURVEY.flatMap((r) => [r.relevant, r.constraint, r.calculation]).filter((s) => s !== undefined);
    expect(sources).toHaveLength(26); // 15 relevant, 6 constraint, 5 calculation
    const known = new Set(SURVEY.map((r) => r.name));
    for (const src of sources) {
      for (const name of references(parseExpression(src))) expect(known).toContain(name);
    }
  });

  it('a domestic worker in the special ISSS regime', () => {
    const out = run({
      consent: 'yes', age: '42', worked_last_week: 'yes', status_employment: 'domestic',
      written_contract: 'no', employer_contrib_isss: 'no', paid_leave: 'yes', paid_sick_leave: 'yes',
      isss_status: 'contrib_domestic', pension_contrib: 'none', contrib_months_12: '12', monthly_income: '300',
    });
    expect(out.calculated).toEqual(calculated('1', '1', '0', '1', '0'));
    expect(out.relevant).toEqual([
      'main', 'job', 'written_contract', 'employer_contrib_isss', 'paid_leave', 'paid_sick_leave', 'contrib_months_12',
    ]);
    expect(out.failed).toEqual([]);
  });

  it('an own-account worker with out-of-range answers', () => {
    const out = run({
      consent: 'yes', age: '12', worked_last_week: 'no', temp_absent: 'yes', status_employment: 'own_account',
      business_registered: 'yes_hacienda', num_workers: '0', isss_status: 'contrib_domestic', pension_contrib: 'none',
      reasons_no_contrib: 'dk cost', monthly_income: '',
    });
    // contrib_domestic makes contributor_health 1 although the constraint rejects it for own-account work.
    expect(out.calculated).toEqual(calculated('1', '1', '0', '1', '1'));
    expect(out.relevant).toEqual([
      'main', 'temp_absent', 'job', 'business_registered', 'keeps_accounts', 'num_workers', 'contrib_months_12',
    ]);
    expect(out.failed).toEqual(['age', 'num_workers', 'isss_status']);
  });

  it('an own-account worker who does not contribute', () => {
    const out = run({
      consent: 'yes', age: '99', worked_last_week: 'yes', status_employment: 'own_account',
      business_registered: 'no', num_workers: '5000', isss_status: 'none', pension_contrib: 'none',
      reasons_no_contrib: 'dk cost', monthly_income: '50000.01',
    });
    expect(out.calculated).toEqual(calculated('1', '0', '0', '0', '0'));
    expect(out.relevant).toEqual([
      'main', 'job', 'business_registered', 'keeps_accounts', 'num_workers',
      'knows_special_regime', 'reasons_no_contrib', 'willing_to_contribute',
    ]);
    expect(out.failed).toEqual(['reasons_no_contrib', 'monthly_income']);
  });

  it('an employee with a formal job by leave and sick pay', () => {
    const out = run({
      consent: 'yes', age: '14', worked_last_week: 'yes', status_employment: 'employee_private',
      employer_contrib_isss: 'dk', paid_leave: 'yes', paid_sick_leave: 'yes', isss_status: 'contrib_general',
      pension_contrib: 'afp', contrib_months_12: '13', reasons_no_contrib: 'dk',
    });
    expect(out.calculated).toEqual(calculated('1', '1', '1', '1', '1'));
    expect(out.failed).toEqual(['contrib_months_12']);
  });

  it('a person not employed: the job section is hidden and its calculations empty', () => {
    const out = run({ consent: 'yes', age: '70', worked_last_week: 'no', temp_absent: 'no', isss_status: 'none' });
    expect(out.calculated).toEqual(calculated('0', '', '', '', ''));
    expect(out.relevant).toEqual(['main', 'temp_absent', 'not_employed_end']);
    expect(out.failed).toEqual([]);
  });

  it('no consent: nothing else is asked', () => {
    const out = run({ consent: 'no', age: '5', worked_last_week: 'yes' });
    expect(out.calculated).toEqual(calculated('', '', '', '', ''));
    expect(out.relevant).toEqual([]);
    expect(out.failed).toEqual([]);
  });
});

describe('instance() lookups', () => {
  /** 50,000 villages whose rows count how often a lookup reads them. */
  function villages(n: number) {
    const reads = { count: 0 };
    const rows: Item[] = [];
    for (let i = 0; i < n; i++) {
      const row = { name: `v${i}`, label: `Village ${i}`, dept: `d${i % 100}` };
      rows.push(new Proxy(row, { get: (t, k) => (reads.count++, t[k as keyof typeof row]) }));
    }
    return { rows, reads };
  }

  it('looks an item up by the compared column without scanning the items again', () => {
    const { rows, reads } = villages(50_000);
    const answers: Record<string, string> = { v: 'v0' };
    const ctx = context(answers, { data: { items: (id) => (id === 'villages' ? rows : undefined) } });
    const expr = parseExpression("instance('villages')/root/item[name = ${v}]/label");
    expect(evaluate(expr, ctx)).toBe('Village 0');
    const afterIndex = reads.count;
    expect(afterIndex).toBeLessThan(50_000 + 10); // one pass to index the column, then the hit
    for (let i = 1; i <= 1000; i++) {
      answers.v = `v${i * 37}`;
      expect(evaluate(expr, ctx)).toBe(`Village ${i * 37}`);
    }
    expect(reads.count - afterIndex).toBe(1000); // one read per lookup: the label of the item found
  });

  it('tests the rest of a filter only on the items the index finds', () => {
    const { rows, reads } = villages(50_000);
    const ctx = context({ d: 'd7' }, { data: { items: () => rows } });
    const expr = parseExpression("count(instance('villages')/root/item[dept = ${d} and contains(label, '9')])");
    const expected = rows.filter((_, i) => i % 100 === 7 && String(i).includes('9')).length;
    reads.count = 0;
    expect(evaluate(expr, ctx)).toBe(expected);
    evaluate(expr, ctx);
    expect(reads.count).toBeLessThan(50_000 + 2 * 500 * 2 + 10);
  });

  it('answers pulldata() from the same index', () => {
    const { rows, reads } = villages(50_000);
    const ctx = context({}, { data: { items: () => rows } });
    const expr = parseExpression("pulldata('villages', 'label', 'name', 'v49999')");
    expect(evaluate(expr, ctx)).toBe('Village 49999');
    reads.count = 0;
    expect(evaluate(parseExpression("pulldata('villages', 'dept', 'name', 'v123')"), ctx)).toBe('d23');
    expect(reads.count).toBe(1);
  });

  it('indexes a new array of items afresh: the data source hands out a new array when data changes', () => {
    let rows: Item[] = [{ name: 'a', label: 'Old' }];
    const ctx = context({}, { data: { items: () => rows } });
    const expr = parseExpression("instance('x')/root/item[name = 'a']/label");
    expect(evaluate(expr, ctx)).toBe('Old');
    rows = [{ name: 'a', label: 'New' }];
    expect(evaluate(expr, ctx)).toBe('New');
  });

  it("reads '.' inside a filter as the item, and position() as the item's position", () => {
    const ctx = context({}, { data: { items: () => [{ name: 'x' }, { name: 'y' }, { name: 'z' }] } });
    expect(evaluate(parseExpression("instance('l')/root/item[. = 'y']/name"), ctx)).toBe('y');
    expect(evaluate(parseExpression("join('', instance('l')/root/item[position() > 1]/name)"), ctx)).toBe('yz');
    // Outside the filter, position() is the repeat instance's again.
    expect(evaluate(parseExpression("count(instance('l')/root/item[position() = 1]) + position()"), ctx)).toBe(1 + TABLE_POSITION);
  });

  it('reads current() inside a filter as the question, not the item', () => {
    const ctx = context({}, { current: () => 'v3', data: { items: (id) => TABLE_DATA[id] } });
    expect(evaluate(parseExpression("instance('villages')/root/item[name = current()]/label"), ctx)).toBe('Tres');
  });

  it('matches nothing on a column an item lacks, with or without the index', () => {
    const rows: Item[] = [{ name: 'a' }, { name: 'b', note: '' }];
    const ctx = context({}, { data: { items: () => rows } });
    expect(evaluate(parseExpression("join(',', instance('f')/root/item[note = '']/name)"), ctx)).toBe('b');
    expect(evaluate(parseExpression("join(',', instance('f')/root/item[string(note) = '']/name)"), ctx)).toBe('a,b');
    expect(evaluate(parseExpression("join(',', instance('f')/root/item[not(note != 'x')]/name)"), ctx)).toBe('a');
  });

  it('reads as empty without data sources', () => {
    const ctx = context({}, { data: undefined });
    expect(evaluate(parseExpression("count(instance('x')/root/item)"), ctx)).toBe(0);
    expect(evaluate(parseExpression("pulldata('x', 'a', 'b', 'c')"), ctx)).toBe('');
  });

  it('lists the questions a path reads, not the columns of its items', () => {
    const expr = parseExpression("instance('c')/root/item[dept = current()/../dept and name != ${v}]/label");
    expect(references(expr)).toEqual(['dept', 'v']);
    expect(references(parseExpression("pulldata('f', 'c', 'k', ${key})"))).toEqual(['key']);
  });
});

describe('choice filters over a list', () => {
  const ROWS: Item[] = Array.from({ length: 50_000 }, (_, i) => ({
    name: `c${i}`,
    label: `Choice ${i}`,
    dept: `d${i % 50}`,
  }));

  it('reads bare names as the choice columns and serves an equality from the index', () => {
    const answers: Record<string, string> = { department: 'd7' };
    const ctx = context(answers);
    const filter = parseFilter('dept = ${department}');
    expect(filter.indexed?.column).toBe('dept');
    const first = filterItems(ROWS, filter, ctx);
    expect(first).toHaveLength(1000);
    expect(first.slice(0, 2)).toEqual([7, 57]);
    answers.department = 'd8';
    expect(filterItems(ROWS, filter, ctx)[0]).toBe(8);
  });

  it('reads the items once to index a column, then never again for an equality', () => {
    // Counts the items read: a scan reads all 50,000 at every lookup, the index none.
    let reads = 0;
    const rows = new Proxy(ROWS, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const answers: Record<string, string> = { department: 'd7' };
    const ctx = context(answers);
    const filter = parseFilter('dept = ${department}');
    expect(filterItems(rows, filter, ctx)).toHaveLength(1000);
    expect(reads).toBeLessThanOrEqual(ROWS.length);
    reads = 0;
    for (let i = 0; i < 100; i++) {
      answers.department = `d${i % 50}`;
      expect(filterItems(rows, filter, ctx)[0]).toBe(i % 50);
    }
    expect(reads).toBe(0);
    // The same filter with a column the index cannot serve reads every item.
    filterItems(rows, parseFilter('starts-with(dept, ${department})'), ctx);
    expect(reads).toBe(ROWS.length);
  });

  it('tests any other filter on each choice', () => {
    const ctx = context({ q: 'Choice 4999', picked: 'c1 c3' });
    expect(filterItems(ROWS, parseFilter('starts-with(label, ${q})'), ctx)).toEqual([4999, 49990, 49991, 49992, 49993, 49994, 49995, 49996, 49997, 49998, 49999]);
    expect(filterItems(ROWS, parseFilter('selected(${picked}, name)'), ctx)).toEqual([1, 3]);
    expect(filterItems(ROWS.slice(0, 3), parseFilter("name != 'c1'"), ctx)).toEqual([0, 2]);
    expect(filterItems(ROWS.slice(0, 3), parseFilter('position() > 2'), ctx)).toEqual([2]);
  });

  it('lists the questions a filter reads', () => {
    expect(references(parseFilter("dept = ${department} and name != ${other}").expr)).toEqual(['department', 'other']);
  });

  it('refuses what is not an expression, with the position', () => {
    expect(() => parseFilter('dept = ')).toThrow(ExpressionError);
  });
});

describe('what the engine passes in', () => {
  it('randomize() without a seed uses the response seed, so the order survives a reload', () => {
    const ctx = context(TABLE_ANSWERS, { randomSeed: () => 33 });
    expect(evaluate(parseExpression("join(' ', randomize(${digits}))"), ctx)).toBe('3 5 4 8 2 0 1 6 9 7');
  });

  it('randomize() without any seed still gives every value once', () => {
    const v = evaluate(parseExpression("join(' ', randomize(${digits}))"), context(TABLE_ANSWERS));
    expect(String(v).split(' ').sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('indexed-repeat() asks the engine for the instance at each level', () => {
    const calls: unknown[] = [];
    const ctx = context({ i: '2' }, {
      indexedValue: (name, path) => (calls.push([name, path]), 'found'),
    });
    const expr = parseExpression('indexed-repeat(${q}, ${outer}, ${i}, ${inner}, 3.7)');
    expect(evaluate(expr, ctx)).toBe('found');
    expect(calls).toEqual([['q', [{ repeat: 'outer', index: 2 }, { repeat: 'inner', index: 3 }]]]);
  });

  it('without indexedValue, a nested indexed-repeat() reads as empty rather than guessing', () => {
    expect(evaluate(parseExpression('indexed-repeat(${kid_age}, ${a}, 1, ${b}, 1)'), context(TABLE_ANSWERS))).toBe('');
  });

  it('decimal-time() moves a time with an offset to the device zone', () => {
    const expected = (() => {
      const d = new Date(Date.UTC(1970, 0, 1, 6, 0, 0) + 3 * 3_600_000); // 06:00-03:00 is 09:00 UTC
      return (d.getHours() * 60 + d.getMinutes()) / 1440;
    })();
    expect(evaluate(parseExpression("decimal-time('06:00:00.000-03:00')"), context({}))).toBeCloseTo(expected, 12);
  });
});
