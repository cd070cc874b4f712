// Sheets of an XLSForm to Piso's form model, with every problem reported in place.

import type { FormData, FormIssue, LocalizedText } from '../../domain/types';
import { isContainer, walkQuestions } from '../model';
import { readChoices, readSettings } from './choices';
import { checkExpression, checkTextReferences } from './expressions';
import { Issues } from './issues';
import { readSurvey } from './survey';
import { DEFAULT_LANG, parseLanguage, readTable, suggest, type Language, type Table } from './table';
import type { Sheet } from './workbook';

export type ImportResult =
  | { ok: true; form: FormData; warnings: FormIssue[] }
  | { ok: false; errors: FormIssue[]; warnings: FormIssue[] };

const SHEETS = ['survey', 'choices', 'settings'];
/** Sheets of other XLSForm tools (external choices, entities...): their content cannot be used. */
const FOREIGN_SHEETS = ['external_choices', 'entities', 'osm'];

export interface ConvertOptions {
  /** The file's name, to name a form whose settings give no form_id. */
  fileName?: string;
}

export function sheetsToForm(sheets: Sheet[], options: ConvertOptions = {}): ImportResult {
  const issues = new Issues();
  const byName = new Map<string, Sheet>();
  for (const sheet of sheets) {
    const key = sheet.name.trim().toLowerCase();
    if (SHEETS.includes(key)) byName.set(key, sheet);
    else if (FOREIGN_SHEETS.includes(key)) issues.warn('xlsform.unsupportedSheet', { sheet: sheet.name });
    else {
      const suggestion = suggest(key, SHEETS);
      issues.warn('xlsform.unknownSheet', { sheet: sheet.name }, suggestion ? { suggestion } : undefined);
    }
  }
  const survey = byName.get('survey');
  if (!survey) {
    issues.error('xlsform.missingSheet', { sheet: 'survey' }, { found: sheets.map((s) => s.name).join(', ') });
    return { ok: false, errors: issues.errors, warnings: issues.warnings };
  }

  const languages: Language[] = [];
  const surveyTable = readTable(survey, issues, languages);
  const choicesSheet = byName.get('choices');
  const choicesTable = choicesSheet && readTable(choicesSheet, issues, languages);
  const settingsSheet = byName.get('settings');
  const settings = readSettings(settingsSheet && readTable(settingsSheet, issues, []), issues);
  const defaultLanguage = resolveDefaultLanguage(settings.defaultLanguage, languages, surveyTable);

  const result = readSurvey(surveyTable, defaultLanguage, issues);
  const choices = choicesTable
    ? readChoices(choicesTable, defaultLanguage, settings.allowChoiceDuplicates, issues, result.texts)
    : {};
  for (const { listName, place } of result.selects) {
    if (!choices[listName]) issues.error('xlsform.missingChoiceList', place, { list: listName });
  }
  for (const e of result.expressions) {
    if (!checkExpression(e.src, e.place, result.names, issues, e.choiceFilter)) e.drop();
  }
  for (const t of result.texts) checkTextReferences(t.text, t.place, result.names, issues);
  if (!result.questions.length && !issues.errors.length) {
    issues.error('xlsform.noQuestions', { sheet: survey.name });
  }
  if (issues.errors.length) return { ok: false, errors: issues.errors, warnings: issues.warnings };

  const formId = settings.formId || fileStem(options.fileName) || 'form';
  if (!settings.formId) issues.warn('xlsform.missingFormId', { sheet: settingsSheet?.name ?? 'settings' }, { formId });
  const version = settings.version || '1';
  if (!settings.version) issues.warn('xlsform.missingVersion', { sheet: settingsSheet?.name ?? 'settings' }, { version });
  const form: FormData = {
    formId,
    version,
    title: { [defaultLanguage]: settings.title || formId },
    languages: [],
    defaultLanguage,
    questions: result.questions,
    choices,
    warnings: issues.warnings,
  };
  form.languages = usedLanguages(form, languages);
  return { ok: true, form, warnings: issues.warnings };
}

/**
 * default_language names a language as the headers do ("Español (es)", "English") or
 * by its code. Without it, a form whose headers name no language is in 'und'
 * (undetermined), and one whose headers all do is in the first of them.
 */
function resolveDefaultLanguage(setting: string, languages: Language[], survey: Table): string {
  if (setting) {
    const lang = parseLanguage(setting);
    const match = languages.find((l) => l.code === lang.code || l.name.toLowerCase() === lang.name.toLowerCase());
    return match?.code ?? lang.code;
  }
  const labels = survey.columns.filter((c) => c.base === 'label' && c.lang !== undefined);
  return labels.length && labels.every((c) => c.lang !== DEFAULT_LANG) ? labels[0].lang! : 'und';
}

/** Languages that some text of the form is in: the default first, then in header order. */
function usedLanguages(form: FormData, declared: Language[]): string[] {
  const used = new Set<string>();
  const add = (t: LocalizedText | undefined) => Object.keys(t ?? {}).forEach((k) => used.add(k));
  for (const { question } of walkQuestions(form.questions)) {
    add(question.label);
    add(question.hint);
    if (!isContainer(question)) {
      add(question.constraintMessage);
      add(question.requiredMessage);
    }
  }
  for (const list of Object.values(form.choices)) list.forEach((c) => add(c.label));
  const order = [form.defaultLanguage, ...declared.map((l) => l.code), ...used];
  return [...new Set(order)].filter((code) => code === form.defaultLanguage || used.has(code));
}

function fileStem(fileName: string | undefined): string {
  return (fileName ?? '').replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '_');
}
