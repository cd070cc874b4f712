import { describe, expect, it } from 'vitest';
import { parseExpression, references } from '../../src/lib/forms/expr';
import { COVERAGE_SURVEY as form } from '../../src/lib/domain/coverage-survey';
import {
  choicesOf,
  enclosingRepeat,
  findQuestion,
  isContainer,
  localize,
  questionLabel,
  walkQuestions,
} from '../../src/lib/forms/model';
import type { LocalizedText } from '../../src/lib/domain/types';
import { readCsv } from './fixtures/xlsx';

const dir = new URL('./fixtures/coverage-survey/', import.meta.url).pathname;

function records(file: string): Record<string, string>[] {
  const [header, ...rows] = readCsv(dir + file);
  return rows.filter((r) => r.some((c) => c)).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const surveyRows = records('survey.csv');
const choiceRows = records('choices.csv');
const [settings] = records('settings.csv');
const all = [...walkQuestions(form.questions)];

describe('default coverage survey', () => {
  it('keeps the settings of the XLSForm', () => {
    expect(form.formId).toBe(settings.form_id);
    expect(form.version).toBe(settings.version);
    expect(form.title.es).toBe(settings.form_title);
    expect(form.defaultLanguage).toBe('es');
    expect(form.languages).toEqual(['es', 'en', 'fr']);
  });

  it('has every question of survey.csv, in order, with the same type and logic', () => {
    const groups: string[] = [];
    const expected = [];
    for (const row of surveyRows) {
      if (row.type.startsWith('end_group')) {
        groups.pop();
        continue;
      }
      const [type, listName] = row.type.split(' ');
      expected.push({
        name: row.name,
        type: type === 'begin_group' ? 'group' : type,
        listName,
        parents: [...groups],
        relevant: row.relevant || undefined,
        constraint: row.constraint || undefined,
        calculation: row.calculation || undefined,
        required: row.required === 'yes' ? true : undefined,
        label: row['label::Español (es)'] ? { es: row['label::Español (es)'], en: row['label::English (en)'] } : undefined,
      });
      if (type === 'begin_group') groups.push(row.name);
    }
    const actual = all.map(({ question: q, parents }) => ({
      name: q.name,
      type: q.type,
      listName: 'listName' in q ? q.listName : undefined,
      parents: parents.map((p) => p.name),
      relevant: q.relevant,
      constraint: 'constraint' in q ? q.constraint : undefined,
      calculation: 'calculation' in q ? q.calculation : undefined,
      required: 'required' in q ? q.required : undefined,
      label: q.label ? { es: q.label.es, en: q.label.en } : undefined,
    }));
    expect(actual).toEqual(expected);
  });

  it('has every choice of choices.csv with its Spanish and English label', () => {
    const expected: Record<string, { name: string; es: string; en: string }[]> = {};
    for (const r of choiceRows) {
      (expected[r.list_name] ??= []).push({ name: r.name, es: r['label::Español (es)'], en: r['label::English (en)'] });
    }
    const actual = Object.fromEntries(
      Object.entries(form.choices).map(([list, cs]) => [list, cs.map((c) => ({ name: c.name, es: c.label.es, en: c.label.en }))]),
    );
    expect(actual).toEqual(expected);
  });

  it('parses every expression, and reads only questions of the form', () => {
    const names = new Set(all.map((e) => e.question.name));
    let count = 0;
    for (const { question: q } of all) {
      const sources = [q.relevant, 'constraint' in q ? q.constraint : undefined, 'calculation' in q ? q.calculation : undefined];
      for (const src of sources.filter((s): s is string => !!s)) {
        const refs = references(parseExpression(src));
        for (const ref of refs) expect(names, `${q.name}: ${src}`).toContain(ref);
        count++;
      }
    }
    expect(count).toBe(surveyRows.filter((r) => r.relevant).length + surveyRows.filter((r) => r.constraint).length + surveyRows.filter((r) => r.calculation).length);
  });

  it('has every text in Spanish, English and French', () => {
    const texts: [string, LocalizedText][] = [['title', form.title]];
    for (const { question: q } of all) {
      if (q.label) texts.push([`${q.name} label`, q.label]);
      if (q.hint) texts.push([`${q.name} hint`, q.hint]);
      if (!isContainer(q) && q.constraintMessage) texts.push([`${q.name} constraint message`, q.constraintMessage]);
      if (!isContainer(q) && q.constraint) expect(q.constraintMessage, q.name).toBeDefined();
    }
    for (const [list, cs] of Object.entries(form.choices)) for (const c of cs) texts.push([`${list}/${c.name}`, c.label]);
    for (const [where, t] of texts) {
      expect(Object.keys(t).sort(), where).toEqual(['en', 'es', 'fr']);
      for (const value of Object.values(t)) expect(value.trim(), where).not.toBe('');
    }
  });

  it('survives JSON (it is stored and shipped in bundles)', () => {
    expect(JSON.parse(JSON.stringify(form))).toEqual(form);
  });
});

describe('form model helpers', () => {
  it('finds questions inside groups and their choices', () => {
    const q = findQuestion(form, 'status_employment');
    expect(q?.type).toBe('select_one');
    expect(choicesOf(form, q!).map((c) => c.name)).toContain('domestic');
    expect(findQuestion(form, 'nope')).toBeUndefined();
    expect(enclosingRepeat(form, 'age')).toBeUndefined();
  });

  it('finds the repeat that holds a question', () => {
    const withRepeat = {
      questions: [
        { type: 'repeat' as const, name: 'members', children: [{ type: 'integer' as const, name: 'member_age' }] },
      ],
    };
    expect(enclosingRepeat(withRepeat, 'member_age')?.name).toBe('members');
  });

  it('falls back to the default language, then to any language, then to the name', () => {
    expect(localize({ es: 'Hola', en: 'Hello' }, 'fr', 'es')).toBe('Hola');
    expect(localize({ en: 'Hello' }, 'fr', 'es')).toBe('Hello');
    expect(localize(undefined, 'fr', 'es')).toBe('');
    const age = findQuestion(form, 'age')!;
    expect(questionLabel(form, age, 'fr')).toBe('Âge en années révolues');
    expect(questionLabel(form, age, 'de')).toBe('Edad en años cumplidos');
    expect(questionLabel(form, findQuestion(form, 'employed')!, 'en')).toBe('employed');
  });
});
