// The question types beyond text, numbers, selects and dates: what the engine stores,
// checks and shows for each (the widgets' answers are ODK's, so they are tested here).
import { wantsChoiceList } from '../../src/lib/forms/engine/choice-search';
import { describe, expect, it } from 'vitest';
import {
  AuditTrail,
  answerText,
  appendAudit,
  columnsOf,
  FormSession,
  formatPath,
  isHonoured,
  isInRange,
  isValidPath,
  issueOf,
  labelMedia,
  pagingOf,
  parseAudit,
  parsePath,
  pathVertices,
  choicesOfQuestion,
  rangeOf,
  rangeValues,
  referenceText,
  specifiedSelect,
  widthOf,
  withOrOther,
  type Cell,
} from '../../src/lib/forms/engine';
import type { FormData, Question } from '../../src/lib/forms/model';
import { deviceNotices } from '../../src/pages/fill/device-metadata';
import { answerTree } from '../../src/pages/response/answer-view';

const NOW = new Date('2026-03-02T15:04:05Z');
const env = { now: () => NOW, deviceId: 'dev-1', username: 'ana' };

function form(questions: Question[], choices: FormData['choices'] = {}): FormData {
  return { formId: 't', version: '1', title: { en: 'T' }, languages: ['en'], defaultLanguage: 'en', questions, choices, warnings: [] };
}

const words = {
  other: 'Other',
  path: (closed: boolean, points: readonly unknown[], m: { metres: number; squareMetres: number }) =>
    `${points.length} points, ${Math.round(closed ? m.squareMetres : m.metres)} ${closed ? 'm2' : 'm'}`,
  unsavedFile: (name: string) => `${name} (not saved)`,
  instances: (n: number) => `${n} entries`,
  specify: (label: string) => `Specify other: ${label}`,
};

function set(s: FormSession, name: string, value: string): Cell {
  const cell = s.cell(name)!;
  s.setValue(cell, value);
  return cell;
}

describe('range', () => {
  it('reads start, end and step, with pyxform defaults', () => {
    expect(rangeOf({})).toEqual({ start: 1, end: 10, step: 1 });
    expect(rangeOf({ parameters: { start: '0', end: '1', step: '0.1' } })).toEqual({ start: 0, end: 1, step: 0.1 });
    expect(rangeValues({ start: 0, end: 1, step: 0.25 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(rangeValues({ start: 0, end: 1, step: 0.1 })).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(rangeValues({ start: 10, end: 0, step: 5 })).toEqual([10, 5, 0]);
    expect(rangeValues({ start: 0, end: 1e6, step: 1 })).toBeNull();
  });

  it('refuses a value outside the bounds or off the steps', () => {
    const s = new FormSession(form([{ type: 'range', name: 'score', parameters: { start: '0', end: '10', step: '2' } }]), undefined, env);
    expect(issueOf(set(s, 'score', '4'))).toBeNull();
    expect(issueOf(set(s, 'score', '5'))?.key).toBe('fill.range');
    expect(issueOf(set(s, 'score', '12'))?.key).toBe('fill.range');
    expect(issueOf(set(s, 'score', 'x'))?.key).toBe('fill.range');
    expect(isInRange('0.3', { start: 0, end: 1, step: 0.1 })).toBe(true);
    expect(s.answers()).toEqual({ score: 'x' });
  });
});

describe('rank', () => {
  const f = form(
    [{ type: 'rank', name: 'priorities', listName: 'needs', label: { en: 'Priorities' } }],
    { needs: ['water', 'health', 'school'].map((name) => ({ name, label: { en: name.toUpperCase() } })) },
  );

  it('stores the order as space-separated names and shows it with labels', () => {
    const s = new FormSession(f, undefined, env);
    set(s, 'priorities', 'health water school');
    expect(s.answers()).toEqual({ priorities: 'health water school' });
    expect(answerText(f, f.questions[0], 'health water school', 'en', words)).toBe('1. HEALTH, 2. WATER, 3. SCHOOL');
    expect(referenceText(f, f.questions[0], 'school health water', 'en', words)).toBe('1. SCHOOL, 2. HEALTH, 3. WATER');
  });
});

describe('hidden and metadata', () => {
  const f = form([
    { type: 'hidden', name: 'batch', default: 'B7' },
    { type: 'text', name: 'name' },
    { type: 'phonenumber', name: 'phone' },
    { type: 'email', name: 'mail' },
    { type: 'simserial', name: 'sim' },
    { type: 'subscriberid', name: 'sub' },
    { type: 'start-geopoint', name: 'where' },
    { type: 'audit', name: 'meta_audit' },
    { type: 'background-audio', name: 'rec' },
  ]);

  it('gives no screen to hidden, metadata or background audio, and keeps the hidden default', () => {
    const s = new FormSession(f, undefined, env);
    expect(pagingOf(s).screens.map((x) => x.id)).toEqual(['name']);
    expect(s.answers()).toEqual({ batch: 'B7' });
  });

  it('fills phone, e-mail and start position once, and never what browsers cannot read', () => {
    const s = new FormSession(f, undefined, env);
    s.setMetadata('phonenumber', '+503 7000 0000');
    s.setMetadata('email', 'ana@example.org');
    s.setMetadata('start-geopoint', '13.7 -89.2 600 5');
    s.setMetadata('start-geopoint', '0 0 0 0');
    expect(s.answers()).toEqual({ batch: 'B7', phone: '+503 7000 0000', mail: 'ana@example.org', where: '13.7 -89.2 600 5' });
  });

  it('takes no metadata once the interview has ended', () => {
    const s = new FormSession(f, undefined, env);
    s.markEnd();
    s.setMetadata('start-geopoint', '13.7 -89.2 600 5');
    expect(s.answers().where).toBeUndefined();
  });

  it('tells the enumerator what will stay empty', () => {
    expect(deviceNotices(f, { phone: '', email: 'a@b.c' })).toEqual(['fill.device.unreadable', 'fill.device.noAudio', 'fill.device.noPhone']);
    expect(deviceNotices(form([{ type: 'text', name: 'x' }]), { phone: '', email: '' })).toEqual([]);
  });

  it('keeps metadata off the response page, and shows the hidden value as data (like a calculation)', () => {
    const tree = answerTree(f, { batch: 'B7', name: 'Ana', phone: '+503', meta_audit: 'event,node,start,end' }, 'en', words);
    expect(tree.map((n) => n.name)).toEqual(['batch', 'name']);
  });
});

describe('or_other', () => {
  const f = form(
    [
      { type: 'select_one', name: 'water', listName: 'sources', orOther: true, label: { en: 'Water source' } },
      { type: 'select_multiple', name: 'crops', listName: 'sources', label: { en: 'Crops' } },
    ],
    { sources: [{ name: 'well', label: { en: 'Well' } }, { name: 'river', label: { en: 'River' } }] },
  );

  it('adds an "other" choice and a specify question <name>_other, relevant when other is picked', () => {
    const s = new FormSession(f, undefined, env);
    const water = s.cell('water')!;
    expect(s.choicesFor(water).map((c) => c.name)).toEqual(['well', 'river', 'other']);
    // The same list without or_other is left as it was.
    expect(s.choicesFor(s.cell('crops')!).map((c) => c.name)).toEqual(['well', 'river']);
    const specify = s.cell('water_other')!;
    expect(specifiedSelect(specify.node.question)?.name).toBe('water');
    expect(specify.relevant).toBe(false);
    set(s, 'water', 'other');
    expect(specify.relevant).toBe(true);
    set(s, 'water_other', 'Rain tank');
    expect(s.answers()).toEqual({ water: 'other', water_other: 'Rain tank' });
    set(s, 'water', 'well');
    expect(s.answers()).toEqual({ water: 'well' });
  });

  it('shows the choice and the specify answer on the response page', () => {
    const tree = answerTree(f, { water: 'other', water_other: 'Rain tank' }, 'en', words);
    expect(tree).toEqual([
      { kind: 'field', name: 'water', label: 'Water source', value: 'Other' },
      { kind: 'field', name: 'water_other', label: 'Specify other: Water source', value: 'Rain tank' },
    ]);
  });

  it('leaves a form without or_other as the same object', () => {
    const plain = form([{ type: 'text', name: 'x' }]);
    expect(withOrOther(plain)).toBe(plain);
    expect(withOrOther(withOrOther(f))).toBe(withOrOther(f));
  });
});

describe('geotrace and geoshape', () => {
  const a = { lat: 13.7, lon: -89.2, alt: 0, acc: 5 };
  const b = { lat: 13.71, lon: -89.2, alt: 0, acc: 5 };
  const c = { lat: 13.71, lon: -89.21, alt: 0, acc: 5 };

  it('writes points as ODK does, a shape closed on its first point', () => {
    expect(formatPath([a, b], false)).toBe('13.7 -89.2 0 5;13.71 -89.2 0 5');
    const shape = formatPath([a, b, c], true);
    expect(shape).toBe('13.7 -89.2 0 5;13.71 -89.2 0 5;13.71 -89.21 0 5;13.7 -89.2 0 5');
    expect(pathVertices(shape, true)).toEqual([a, b, c]);
    expect(parsePath('13.7 -89.2;x y')).toBeNull();
    expect(parsePath('13.7 -89.2')).toEqual([{ lat: 13.7, lon: -89.2, alt: 0, acc: 0 }]);
  });

  it('needs two points for a line and three corners for an area', () => {
    expect(isValidPath(formatPath([a], false), false)).toBe(false);
    expect(isValidPath(formatPath([a, b], false), false)).toBe(true);
    expect(isValidPath(formatPath([a, b], true), true)).toBe(false);
    expect(isValidPath(formatPath([a, b, c], true), true)).toBe(true);
    expect(isValidPath('95 0;0 0', false)).toBe(false);
    const s = new FormSession(form([{ type: 'geoshape', name: 'plot' }, { type: 'geotrace', name: 'road' }]), undefined, env);
    expect(issueOf(set(s, 'plot', formatPath([a, b], true)))?.key).toBe('fill.geoshape');
    expect(issueOf(set(s, 'road', formatPath([a], false)))?.key).toBe('fill.geotrace');
    expect(issueOf(set(s, 'road', formatPath([a, c], false)))).toBeNull();
  });

  it('reads as its corners with its area (a shape) or length (a trace)', () => {
    // A right triangle: legs of 0.01° of latitude and 0.01° of longitude at 13.71°N, on a sphere of 6,378,100 m.
    const leg = (0.01 * Math.PI * 6_378_100) / 180;
    const f = form([{ type: 'geoshape', name: 'plot' }, { type: 'geotrace', name: 'road' }]);
    expect(answerText(f, f.questions[0], formatPath([a, b, c], true), 'en', words)).toBe(
      `3 points, ${Math.round((leg * leg * Math.cos((13.71 * Math.PI) / 180)) / 2)} m2`,
    );
    expect(answerText(f, f.questions[1], formatPath([a, b], false), 'en', words)).toBe(`2 points, ${Math.round(leg)} m`);
  });
});

describe('files', () => {
  it('keep only a name, and say it is not saved', () => {
    const f = form([{ type: 'image', name: 'photo', appearance: 'signature' }]);
    expect(answerText(f, f.questions[0], 'signature-1.png', 'en', words)).toBe('signature-1.png (not saved)');
  });
});

describe('audit', () => {
  const f = form([
    { type: 'audit', name: 'meta_audit' },
    { type: 'end', name: 'end' },
    { type: 'text', name: 'a' },
    { type: 'group', name: 'g', appearance: 'field-list', children: [{ type: 'integer', name: 'b' }, { type: 'integer', name: 'c', relevant: '${b} > 1' }] },
  ]);

  it('logs each screen shown with its start and end, the start, the end screen and the finalize', () => {
    let clock = 1000;
    const s = new FormSession(f, undefined, env);
    const trail = new AuditTrail(s, () => clock);
    const screens = pagingOf(s).screens;
    trail.showScreen(screens[0]);
    clock = 4000;
    trail.showScreen(screens[1]);
    clock = 9000;
    trail.endScreen();
    s.markEnd();
    expect(parseAudit(s.answers().meta_audit as string)).toEqual([
      { event: 'form start', node: '', start: 1000, end: null },
      { event: 'question', node: 'a', start: 1000, end: 4000 },
      { event: 'group questions', node: 'g', start: 4000, end: 9000 },
      // c is not relevant: it was not shown.
      { event: 'question', node: 'b', start: 4000, end: 9000 },
      { event: 'end screen', node: '', start: 9000, end: null },
      { event: 'form finalize', node: '', start: NOW.getTime(), end: null },
    ]);
    expect((s.answers().meta_audit as string).split('\n')[0]).toBe('event,node,start,end');
  });

  it('logs a resume when the saved log has rows, and nothing for a form without audit', () => {
    const saved = appendAudit('', [{ event: 'form start', node: '', start: 1, end: null }]);
    const s = new FormSession(f, { meta_audit: saved }, env);
    const trail = new AuditTrail(s, () => 5);
    trail.showScreen(pagingOf(s).screens[0]);
    trail.leave();
    expect(parseAudit(s.answers().meta_audit as string).map((r) => r.event)).toEqual(['form start', 'form resume', 'question']);

    const none = new FormSession(form([{ type: 'text', name: 'a' }]), undefined, env);
    new AuditTrail(none).showScreen(pagingOf(none).screens[0]);
    expect(none.answers()).toEqual({});
  });

  it('with track-changes, logs each answer before and after, line breaks and all', () => {
    const tracked = form([
      { type: 'audit', name: 'meta_audit', parameters: { 'track-changes': 'true' } },
      { type: 'text', name: 'a', appearance: 'multiline' },
    ]);
    const s = new FormSession(tracked, undefined, env);
    const trail = new AuditTrail(s, () => 7);
    trail.showScreen(pagingOf(s).screens[0]);
    set(s, 'a', 'two\nlines, "quoted"');
    trail.endScreen();
    s.markEnd();
    const log = s.answers().meta_audit as string;
    expect(log.split('\n')[0]).toBe('event,node,start,end,old-value,new-value');
    expect(parseAudit(log)).toEqual([
      { event: 'form start', node: '', start: 7, end: null, oldValue: '', newValue: '' },
      { event: 'question', node: 'a', start: 7, end: 7, oldValue: '', newValue: 'two\nlines, "quoted"' },
      { event: 'end screen', node: '', start: 7, end: null, oldValue: '', newValue: '' },
      { event: 'form finalize', node: '', start: NOW.getTime(), end: null, oldValue: '', newValue: '' },
    ]);
  });

  it('quotes what a CSV needs quoted', () => {
    const log = appendAudit('', [{ event: 'question', node: 'a,"b"', start: 1, end: 2 }]);
    expect(log).toBe('event,node,start,end\nquestion,"a,""b""",1,2');
    expect(parseAudit(log)).toEqual([{ event: 'question', node: 'a,"b"', start: 1, end: 2 }]);
  });
});

describe('appearances', () => {
  it('reads columns, widths and long lists', () => {
    expect(columnsOf({ appearance: 'columns' })).toBe(2);
    expect(columnsOf({ appearance: 'Columns-4 quick' })).toBe(4);
    expect(columnsOf({ appearance: 'columns-pack' })).toBe('pack');
    expect(columnsOf({ appearance: 'minimal' })).toBeNull();
    expect(widthOf({ appearance: 'w3' })).toBe(3);
    expect(widthOf({ appearance: 'w11' })).toBeNull();
    expect(wantsChoiceList('autocomplete', 3)).toBe(true);
    expect(wantsChoiceList("search('villages')", 3)).toBe(true);
    expect(wantsChoiceList(undefined, 201)).toBe(true);
    expect(wantsChoiceList('minimal', 200)).toBe(false);
  });

  it('names what is honoured, so the importer can warn about the rest', () => {
    for (const a of ['minimal', 'likert', 'columns-3', 'w10', 'thousands-sep', 'table-list', 'signature', 'month-year']) expect(isHonoured(a), a).toBe(true);
    for (const a of ['map', 'w11', 'printer', 'ex:org.example']) expect(isHonoured(a), a).toBe(false);
  });
});

describe('what functions read beyond the answers', () => {
  it('looks up the attached files and choice lists with instance() and pulldata()', () => {
    const f = {
      ...form([
        { type: 'text', name: 'v' },
        { type: 'calculate', name: 'pop', calculation: "instance('villages')/root/item[name=${v}]/population" },
        { type: 'calculate', name: 'pulled', calculation: "pulldata('villages', 'population', 'name', ${v})" },
        { type: 'calculate', name: 'yes', calculation: "instance('yn')/root/item[name='1']/label" },
      ]),
      choices: { yn: [{ name: '1', label: { es: 'Sí', en: 'Yes' } }] },
      attachments: [{ name: 'villages.csv', type: 'text/csv', text: 'name,population\nsa01,1200\nsa02,"3,400"' }],
    };
    const s = new FormSession(f, undefined, { ...env, lang: 'es' });
    s.setValue(s.cell('v')!, 'sa02');
    expect(s.cell('pop')!.value).toBe('3,400');
    expect(s.cell('pulled')!.value).toBe('3,400');
    expect(s.cell('yes')!.value).toBe('Sí');
  });

  it('shuffles with randomize() in the same order each time a response is opened', () => {
    const f = {
      ...form([{ type: 'calculate', name: 'order', calculation: "join(' ', randomize(instance('n')/root/item/name))" }]),
      choices: { n: Array.from({ length: 12 }, (_, i) => ({ name: `c${i}`, label: { es: `${i}` } })) },
    };
    const order = (seed: string) => new FormSession(f, undefined, { ...env, seed }).cell('order')!.value;
    expect(order('resp-1')).toBe(order('resp-1'));
    expect(order('resp-1').split(' ').sort()).toEqual(f.choices.n.map((c) => c.name).sort());
    expect(new Set(['resp-1', 'resp-2', 'resp-3', 'resp-4'].map(order)).size).toBeGreaterThan(1);
  });
});

describe('label media', () => {
  it('shows attached files by the name the form gives, per language, and leaves out what did not come', () => {
    const f = {
      ...form([]),
      languages: ['en', 'es'],
      attachments: [
        { name: 'cow.png', type: 'image/png', base64: 'iVBORw0KGgo=' },
        { name: 'vaca.png', type: 'image/png', base64: 'AAAA' },
        { name: 'v.csv', type: 'text/csv', text: 'a,b' },
      ],
    };
    const q = { media: { image: { en: 'cow.png', es: 'vaca.png' }, audio: { en: 'missing.mp3' }, video: { en: 'v.csv' } } };
    expect(labelMedia(f, q, 'en')).toEqual([{ kind: 'image', name: 'cow.png', url: 'data:image/png;base64,iVBORw0KGgo=' }]);
    expect(labelMedia(f, q, 'es').map((m) => m.name)).toEqual(['vaca.png']);
    expect(labelMedia(f, {}, 'en')).toEqual([]);
  });
});

describe('trigger', () => {
  const f = form([
    { type: 'integer', name: 'age' },
    { type: 'text', name: 'other' },
    { type: 'datetime', name: 'age_changed', calculation: 'now()', trigger: ['${age}'] },
    { type: 'text', name: 'greeting', calculation: "concat('Hola ', ${other})", trigger: ['age'] },
  ]);

  it('runs the calculation only when a trigger question changes, never at the start', () => {
    const s = new FormSession(f, undefined, env);
    expect(s.answers()).toEqual({});
    set(s, 'other', 'Ana');
    expect(s.answers()).toEqual({ other: 'Ana' });
    set(s, 'age', '34');
    expect(s.answers()).toMatchObject({ age: '34', greeting: 'Hola Ana', age_changed: expect.stringMatching(/^2026-03-0[23]T/) });
    // Edited by hand, the answer stays until the trigger changes again.
    set(s, 'greeting', 'Buenos días');
    set(s, 'other', 'Eva');
    expect(s.answers().greeting).toBe('Buenos días');
    set(s, 'age', '35');
    expect(s.answers().greeting).toBe('Hola Eva');
  });

  it('keeps a saved value when the interview is opened again', () => {
    const s = new FormSession(f, { age: '34', other: 'Ana', greeting: 'Saved' }, env);
    expect(s.answers().greeting).toBe('Saved');
  });
});

describe('select from file', () => {
  const villages = 'name,label,label::English (en),dept\r\nsan_jose,"San José, centro",Saint Joseph,mo\r\nla_paz,La Paz,Peace,lu\r\n\r\n';
  const xml = '<root><item><id>1</id><title>Río &amp; Mar</title></item><item><id>2</id><title>Lago</title></item></root>';
  const geojson = JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', id: 'w1', geometry: { type: 'Point', coordinates: [-89.2, 13.7] }, properties: { title: 'Pozo 1' } }],
  });
  const f: FormData = {
    ...form([
      { type: 'select_one', name: 'village', itemset: { file: 'villages.csv', value: '', label: '' }, choiceFilter: "dept = 'mo'" },
      { type: 'select_multiple', name: 'places', itemset: { file: 'places.xml', value: 'id', label: 'title' } },
      { type: 'select_one', name: 'well', itemset: { file: 'wells.geojson', value: '', label: '' } },
      { type: 'select_one', name: 'lost', itemset: { file: 'missing.csv', value: 'name', label: 'label' } },
    ]),
    defaultLanguage: 'es',
    attachments: [
      { name: 'villages.csv', type: 'text/csv', text: villages },
      { name: 'places.xml', type: 'text/xml', text: xml },
      { name: 'wells.geojson', type: 'application/geo+json', text: geojson },
    ],
  };

  it('reads CSV (quoted, translated labels, extra columns), XML and GeoJSON items', () => {
    const [village, places, well, lost] = f.questions;
    expect(choicesOfQuestion(f, village)).toEqual([
      { name: 'san_jose', label: { es: 'San José, centro', en: 'Saint Joseph' }, extra: { name: 'san_jose', label: 'San José, centro', 'label::English (en)': 'Saint Joseph', dept: 'mo' } },
      { name: 'la_paz', label: { es: 'La Paz', en: 'Peace' }, extra: { name: 'la_paz', label: 'La Paz', 'label::English (en)': 'Peace', dept: 'lu' } },
    ]);
    expect(choicesOfQuestion(f, places).map((c) => [c.name, c.label.es])).toEqual([['1', 'Río & Mar'], ['2', 'Lago']]);
    expect(choicesOfQuestion(f, well)).toEqual([{ name: 'w1', label: { es: 'Pozo 1' }, extra: { title: 'Pozo 1', id: 'w1', geometry: '13.7 -89.2 0 0' } }]);
    expect(choicesOfQuestion(f, lost)).toEqual([]);
    // Read once: the same choices each time.
    expect(choicesOfQuestion(f, village)).toBe(choicesOfQuestion(f, village));
  });

  it('filters them by their columns, and shows their labels', () => {
    const s = new FormSession(f, undefined, env);
    expect(s.choicesFor(s.cell('village')!).map((c) => c.name)).toEqual(['san_jose']);
    expect(answerText(f, f.questions[1], '2 1', 'es', words)).toBe('Lago, Río & Mar');
    expect(s.choiceLabel('village', 'la_paz')).toBe('La Paz');
  });
});
