import { describe, expect, it } from 'vitest';
import { ChoiceSearch, fold, foldLabel, hitAt, hitCount, LONG_LIST, toggleChoice, wantsChoiceList, type Hits } from '../../src/lib/forms/engine/choice-search';
import type { Choice } from '../../src/lib/forms/model';
import { listWindow, scrollToShow } from '../../src/pages/fill/questions/list-window';
import { generateLongListForm, VILLAGES } from '../bench/long-list.mjs';

const choice = (name: string, es: string, en = es): Choice => ({ name, label: { es, en } });
const labelOf = (c: Choice) => c.label.es ?? c.name;

function names(search: ChoiceSearch, query: string): string[] {
  const hits = search.search(query);
  return Array.from({ length: hitCount(hits, search.choices.length) }, (_, i) => search.choices[hitAt(hits, i)].name);
}

describe('searching a choice list', () => {
  const list = [
    choice('a', 'José Martí'),
    choice('b', 'JOSÉ DE LA PEÑA'),
    choice('c', 'Jose\u0301 (written decomposed)'),
    choice('d', 'Josefina'),
    choice('e', 'San Pedro Peña'),
    choice('f', 'Ñuñoa'),
    choice('g', 'Cañas [Norte]'),
  ];

  it('folds case and accents', () => {
    expect(fold('JOSÉ Peña Ångström')).toBe('jose pena angstrom');
  });

  it('finds a label whatever its case and accents, and an accented query finds plain labels', () => {
    const search = new ChoiceSearch(list, 'es', labelOf);
    expect(names(search, 'jose')).toEqual(['a', 'b', 'c', 'd']);
    expect(names(search, 'JOSÉ')).toEqual(['a', 'b', 'c', 'd']);
    expect(names(search, 'nunoa')).toEqual(['f']);
    expect(names(search, 'peña')).toEqual(['b', 'e']);
  });

  it('keeps the labels holding every word, in any order, in the list order', () => {
    const search = new ChoiceSearch(list, 'es', labelOf);
    expect(names(search, 'pena jose')).toEqual(['b']);
    expect(names(search, '  san   pena ')).toEqual(['e']);
    expect(names(search, 'jose zzz')).toEqual([]);
  });

  it('keeps everything for an empty query, and takes pattern characters literally', () => {
    const search = new ChoiceSearch(list, 'es', labelOf);
    expect(search.search('   ')).toBeNull();
    expect(names(search, '[norte]')).toEqual(['g']);
    expect(names(search, '(written')).toEqual(['c']);
    expect(names(search, '.*')).toEqual([]);
  });

  it('searches the labels of the language it is given', () => {
    const bilingual = [choice('x', 'Perro', 'Dog'), choice('y', 'Gato', 'Cat')];
    expect(names(new ChoiceSearch(bilingual, 'en', (c) => c.label.en!), 'dog')).toEqual(['x']);
    expect(names(new ChoiceSearch(bilingual, 'es', labelOf), 'dog')).toEqual([]);
  });

  it('typing a word on finds it past a place where only its start was, before and after the grams', () => {
    const labels = ['Abx Abc', 'Abd', 'Xab abc abx', 'Ab', 'abcab', 'Bca ab'];
    const many = Array.from({ length: 600 }, (_, i) => choice(`c${i}`, labels[i % labels.length]));
    for (const prepared of [false, true]) {
      const typing = new ChoiceSearch(many, 'es', labelOf);
      if (prepared) expect(typing.prepare(() => Infinity)).toBe(true);
      const fresh = (query: string) => names(new ChoiceSearch(many.slice(), 'es', labelOf), query);
      for (const step of ['a', 'ab', 'abc', 'abca', 'abcab', 'abc', 'ab', 'ab a', 'ab ab', 'ab abx', 'ab ab']) {
        expect(names(typing, step), `${step} (grams ${prepared})`).toEqual(fresh(step));
      }
    }
  });

  it('a key that drops no label gives back the same hits, so that the list is not redrawn', () => {
    const workers = Array.from({ length: 2000 }, (_, i) => choice(`w${i}`, `Trabajador ${String(i).padStart(5, '0')}`));
    const search = new ChoiceSearch(workers, 'es', labelOf);
    const typed = ['t', 'tr', 'tra', 'trab', 'traba'].map((q) => search.search(q));
    // Every label holds each of these: all of them, as an empty query keeps.
    expect(typed).toEqual([null, null, null, null, null]);
    const one = search.search('traba 1');
    const more = search.search('traba 1 ');
    expect(more).toBe(one);
    const twelve = workers.filter((w) => w.label.es!.includes('12')).map((w) => w.name);
    expect(names(search, 'traba 12')).toEqual(twelve);
    expect(twelve.length).toBeGreaterThan(1);
  });

  it('typed letter by letter, and back, gives what a fresh search gives over 50,000 villages', () => {
    const villages = generateLongListForm().choices.village;
    expect(villages).toHaveLength(VILLAGES);
    // Typed with the grams built, as after idle time; each fresh search over a copy of
    // the list, whose labels are only folded.
    const typing = new ChoiceSearch(villages, 'es', labelOf);
    expect(typing.prepare(() => Infinity)).toBe(true);
    const plain = villages.slice();
    const fresh = (query: string): Hits => new ChoiceSearch(plain, 'es', labelOf).search(query);
    const queries = ['san jose del rio 4', 'pena 12', 'angel'];
    for (const query of queries) {
      const steps = [...Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1)), 'pena', 'pe'];
      for (const step of steps) expect(typing.search(step), step).toEqual(fresh(step));
    }
    // "San José del Río 4…" exists, and the filter is real: fewer hits as the query grows.
    expect(hitCount(fresh('san jose del rio'), VILLAGES)).toBeGreaterThan(hitCount(fresh('san jose del rio 4'), VILLAGES));
    expect(hitCount(fresh('san jose del rio 4'), VILLAGES)).toBeGreaterThan(0);
    const one = fresh('martin 49999');
    expect(Array.from(one!, (i) => villages[i].label.es)).toEqual(['Puerto Martín del Valle 49999']);
  });
});

describe('a search as the enumerator types it', () => {
  function random(seed: number): () => number {
    let x = seed;
    return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  }
  /** What a search must find: the labels holding every folded word, tested one by one. */
  const expected = (folded: string[], query: string) => {
    const words = fold(query).split(/\s+/).filter(Boolean);
    return folded.flatMap((label, i) => (words.every((w) => label.includes(w)) ? [String(i)] : []));
  };

  /**
   * Types `keys` random keys (a letter, Backspace, the box cleared, a query pasted) and
   * compares each search with testing every label. The labels' grams are built after
   * `buildAt` keys, so that searches run both before and after.
   */
  function typeAndCompare(labels: string[], letters: string[], keys: number, buildAt: number, seed: number): void {
    const r = random(seed);
    const pick = (length: number) => Array.from({ length }, () => letters[Math.floor(r() * letters.length)]).join('');
    const list = labels.map((label, i) => choice(String(i), label));
    const search = new ChoiceSearch(list, 'es', labelOf);
    const folded = labels.map(fold);
    const all = labels.map((_, i) => String(i));
    let query = '';
    for (let key = 0; key < keys; key++) {
      if (key === buildAt) expect(search.prepare(() => Infinity)).toBe(true);
      const roll = r();
      if (roll < 0.6) query += pick(1).replace('\n', ' ');
      else if (roll < 0.85) query = query.slice(0, -1);
      else if (roll < 0.95) query = '';
      else query = pick(3).replace('\n', ' ');
      const found = search.search(query);
      const got = found ? Array.from(found, (i) => String(i)) : all;
      expect(got, JSON.stringify(query)).toEqual(query.trim() ? expected(folded, query) : all);
    }
  }

  it('finds what testing every label finds, key after key, Backspace, a cleared box and a pasted query', () => {
    // A small alphabet, so that words recur across labels and queries find some; a few
    // letters are rare, so that some pairs are held by few labels.
    const letters = ['a', 'á', 'b', 'n', 'ñ', 'o', 'Ó', 'e', 'É', ' ', ' ', '1', '2', '-', '\n'];
    const rare = ['z', 'x', 'ü'];
    const r = random(7);
    const label = () =>
      Array.from({ length: 1 + Math.floor(r() * 12) }, () => (r() < 0.02 ? rare[Math.floor(r() * 3)] : letters[Math.floor(r() * letters.length)])).join('');
    // Empty labels and labels that hold a newline among them.
    const labels = Array.from({ length: 3_000 }, (_, i) => (i % 97 === 0 ? '' : label()));
    typeAndCompare(labels, [...letters, ...rare], 800, 300, 11);
  });

  it('finds the same in a list of more letters than the grams number', () => {
    // Greek, Cyrillic and CJK letters: far more than 126 different ones.
    const letters = Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x4e00 + i));
    const common = ['а', 'б', 'λ', 'μ', 'Σ', ' '];
    const r = random(3);
    const labels = Array.from({ length: 2_000 }, () =>
      Array.from({ length: 1 + Math.floor(r() * 8) }, () => (r() < 0.7 ? common[Math.floor(r() * common.length)] : letters[Math.floor(r() * letters.length)])).join(''),
    );
    typeAndCompare(labels, [...common, ...letters.slice(0, 20), ...letters.slice(280)], 400, 0, 5);
  });

  it('gives back the hits of a query typed before when Backspace returns to it', () => {
    const villages = generateLongListForm({ villages: 5_000 }).choices.village;
    const search = new ChoiceSearch(villages, 'es', labelOf);
    const san = search.search('san');
    search.search('san j');
    expect(search.search('san')).toBe(san);
    expect(search.search('san ')).toBe(san);
    search.search('');
    expect(search.search('san')).not.toBe(san);
    expect(search.search('san')).toEqual(san);
  });
});

describe('the folded labels a search compares', () => {
  it('fold labels as fold does, character by character below the Greek block and whole beyond it', () => {
    for (let code = 0; code < 0x400; code++) {
      const ch = String.fromCharCode(code);
      expect(foldLabel(ch), code.toString(16)).toBe(fold(ch));
      expect(foldLabel(`A${ch}é`), code.toString(16)).toBe(fold(`A${ch}é`));
    }
    for (const text of ['José DE LA PEÑA', 'Jose\u0301', 'Ⱥrbol Ⱦ', 'İzmir', 'ΟΔΟΣ Σάμος', 'Straße', 'Łódź 12', 'Ǆemal']) {
      expect(foldLabel(text), text).toBe(fold(text));
    }
    for (const village of generateLongListForm({ villages: 2_000 }).choices.village) {
      expect(foldLabel(village.label.es!)).toBe(fold(village.label.es!));
    }
  });

  it('are folded a chunk at a time while time is left, and a search finds the same before, during and after', () => {
    const villages = generateLongListForm().choices.village;
    const queries = ['s', 'san jose', 'pena 12', 'martin 49999', 'rio'];
    const before = new ChoiceSearch(villages, 'es', labelOf);
    expect(before.prepared).toBe(false);
    const unprepared = queries.map((q) => new ChoiceSearch(villages.slice(), 'es', labelOf).search(q));

    const list = villages.slice();
    const search = new ChoiceSearch(list, 'es', labelOf);
    let slices = 0;
    // No time left: one chunk per slice, as on a busy phone.
    while (!search.prepare(() => 0)) slices++;
    expect(slices).toBeGreaterThan(10);
    expect(search.prepared).toBe(true);
    // Another search over the same list and language shares the folded labels.
    expect(new ChoiceSearch(list, 'es', labelOf).prepared).toBe(true);
    expect(new ChoiceSearch(list, 'en', labelOf).prepared).toBe(false);
    expect(queries.map((q) => new ChoiceSearch(list, 'es', labelOf).search(q))).toEqual(unprepared);

    // Partly folded (a key pressed before idle time was over): the search folds the rest.
    const partly = villages.slice();
    const early = new ChoiceSearch(partly, 'es', labelOf);
    early.prepare(() => 0);
    early.prepare(() => 0);
    expect(early.prepared).toBe(false);
    expect(queries.map((q) => new ChoiceSearch(partly, 'es', labelOf).search(q))).toEqual(unprepared);

    // With time to spare, one slice folds the whole list.
    const spare = new ChoiceSearch(villages.slice(), 'es', labelOf);
    expect(spare.prepare(() => 1_000)).toBe(true);
  });

  it('a whole-list search leaves every label folded, and idle time still to build the grams', () => {
    const search = new ChoiceSearch(generateLongListForm({ villages: 1_000 }).choices.village, 'es', labelOf);
    search.search('a');
    expect(search.folded).toBe(true);
    expect(search.prepared).toBe(false);
    expect(search.prepare(() => 1_000)).toBe(true);
  });
});

describe('which selects get the searchable list', () => {
  it('autocomplete and search appearances, and any list longer than the threshold', () => {
    expect(wantsChoiceList('autocomplete', 3)).toBe(true);
    expect(wantsChoiceList('minimal autocomplete', 3)).toBe(true);
    expect(wantsChoiceList("search('villages')", 3)).toBe(true);
    expect(wantsChoiceList('minimal', 3)).toBe(false);
    expect(wantsChoiceList(undefined, LONG_LIST)).toBe(false);
    expect(wantsChoiceList(undefined, LONG_LIST + 1)).toBe(true);
  });
});

describe('select_multiple answers from the list', () => {
  const list = [choice('a', 'A'), choice('b', 'B'), choice('c', 'C')];
  it('keeps the list order, and a name the list no longer offers', () => {
    expect(toggleChoice('', 'c', true, list)).toBe('c');
    expect(toggleChoice('c', 'a', true, list)).toBe('a c');
    expect(toggleChoice('a c', 'a', false, list)).toBe('c');
    expect(toggleChoice('gone c', 'b', true, list)).toBe('b c gone');
  });
});

describe('the rows of a long list in the DOM', () => {
  it('holds the rows in view and a few around them, never more than the list', () => {
    expect(listWindow(0, 336, 48, 50_000)).toEqual({ start: 0, end: 13 });
    const mid = listWindow(48 * 1000, 336, 48, 50_000);
    expect(mid.start).toBeLessThanOrEqual(1000);
    expect(mid.end).toBeGreaterThanOrEqual(1007);
    expect(mid.end - mid.start).toBeLessThan(30);
    expect(listWindow(48 * 49_990, 336, 48, 50_000).end).toBe(50_000);
    expect(listWindow(0, 336, 48, 3)).toEqual({ start: 0, end: 3 });
  });

  it('holds only the rows in view without the overscan, a row cut by the edge included', () => {
    expect(listWindow(0, 336, 48, 50_000, false)).toEqual({ start: 0, end: 7 });
    expect(listWindow(48 * 1000 + 10, 336, 48, 50_000, false)).toEqual({ start: 1000, end: 1008 });
    expect(listWindow(0, 336, 48, 3, false)).toEqual({ start: 0, end: 3 });
  });

  it('scrolls as little as it takes to show a row', () => {
    expect(scrollToShow(0, 336, 48, 3)).toBe(0);
    expect(scrollToShow(0, 336, 48, 7)).toBe(48);
    expect(scrollToShow(480, 336, 48, 2)).toBe(96);
  });
});
