// Sheets of an XLSForm to Piso's form model, with every problem reported in place.

import type { FormAttachment, FormData, FormIssue, LocalizedText } from '../../domain/types';
import { isContainer, walkQuestions } from '../model';
import { warnAppearances } from './appearances';
import { checkAttachments } from './attachments';
import { checkInstanceNames } from './instances';
import { readChoices, readSettings } from './choices';
import { checkCycles } from './cycles';
import { checkEntityExpressions, checkSaveTo, placeEntities, readEntities } from './entities';
import { checkExpression, checkReferences } from './expressions';
import { Issues } from './issues';
import { applySearches } from './search';
import { readSurvey, type PendingText } from './survey';
import { cleanSheet, DEFAULT_LANG, parseLanguage, readTable, suggest, type Language, type Table } from './table';
import type { Sheet } from './workbook';

export type ImportResult =
  | { ok: true; form: FormData; warnings: FormIssue[] }
  | { ok: false; errors: FormIssue[]; warnings: FormIssue[] };

const SHEETS = ['survey', 'choices', 'settings', 'external_choices', 'entities'];

export interface ConvertOptions {
  /** The file's name, to name a form whose settings give no form_id. */
  fileName?: string;
  /** Files that came with the form (item lists, media): what it names must be here. */
  attachments?: FormAttachment[];
  /**
   * Entity lists the device knows (declared by its stored forms): `<list>.csv` and
   * instance('<list>') of one of these, or of a list this form declares, need no file.
   */
  entityLists?: ReadonlySet<string>;
}

export function sheetsToForm(rawSheets: Sheet[], options: ConvertOptions = {}): ImportResult {
  const issues = new Issues();
  const sheets = rawSheets.map(cleanSheet);
  const byName = new Map<string, Sheet>();
  for (const sheet of sheets) {
    const key = sheet.name.trim().toLowerCase();
    if (SHEETS.includes(key)) byName.set(key, sheet);
    else if (key === 'osm') issues.warn('xlsform.unsupportedSheet', { sheet: sheet.name });
    // pyxform reads a workbook of one sheet as the survey, whatever its name.
    else if (sheets.length === 1) byName.set('survey', sheet);
    // A leading underscore is how a designer says "not part of the form".
    else if (!key.startsWith('_')) {
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
  const table = (name: string) => {
    const sheet = byName.get(name);
    return sheet && readTable(sheet, issues, name === 'settings' || name === 'entities' ? [] : languages);
  };
  const choicesTable = table('choices');
  const externalTable = table('external_choices');
  const entitiesTable = table('entities');
  const settingsSheet = byName.get('settings');
  const texts: PendingText[] = [];
  const settings = readSettings(table('settings'), issues, texts);
  const defaultLanguage = resolveDefaultLanguage(settings.defaultLanguage, languages, surveyTable);

  const choices = choicesTable ? readChoices(choicesTable, defaultLanguage, settings.allowChoiceDuplicates, issues, texts) : {};
  const externalChoices = externalTable && readChoices(externalTable, defaultLanguage, true, issues, []);
  const result = readSurvey(surveyTable, { defaultLanguage, issues, choices, externalChoices });
  // select_one_external lists are ordinary lists in Piso: every choice is on the device.
  const lists = { ...externalChoices, ...choices };
  const entityRows = entitiesTable ? readEntities(entitiesTable, issues, texts) : undefined;
  checkSaveTo(result.saveTos, entityRows, issues);
  let entities = entityRows?.map((e) => e.declaration);
  if (entityRows) {
    checkEntityExpressions(entityRows, issues);
    const unplaced = placeEntities(entityRows, result.saveTos, result.questions, issues);
    entities = entityRows.filter((e) => !unplaced.includes(e)).map((e) => e.declaration);
  }

  // instanceID is always there (pyxform adds it), so ${instanceID} may be read.
  const nameCounts = new Map(result.nameCounts);
  nameCounts.set('instanceID', (nameCounts.get('instanceID') ?? 0) + 1);
  for (const t of [...result.texts, ...texts]) checkReferences(t.text, t.place, nameCounts, issues);
  for (const { name, place } of result.triggers) {
    if (!result.questionNames.has(name) && nameCounts.has(name)) issues.error('xlsform.unknownReference', place, { name });
    else if (result.unseen.has(name)) issues.error('xlsform.triggerNotVisible', place, { name });
  }
  for (const e of result.expressions) {
    if (!checkExpression(e.src, e.place, issues, e.choiceFilter)) e.drop();
  }
  const instanceName = settings.instanceName && checkExpression(settings.instanceName, settings.instanceNamePlace, issues) ? settings.instanceName : '';
  checkCycles(result.calculations, issues);
  const attachments = options.attachments ?? [];
  const entityLists = new Set([...(options.entityLists ?? []), ...(entities ?? []).map((e) => e.listName)]);
  checkInstanceNames(result, Object.keys(choices), issues);
  const files = checkAttachments(result, lists, attachments, entityLists, issues);
  applySearches(result.searches, result.questions, lists, files, defaultLanguage, issues);
  if (issues.errors.length) return { ok: false, errors: issues.errors, warnings: issues.warnings };
  // pyxform converts a form without questions; it is of little use, and said so.
  if (!result.questions.length) issues.warn('xlsform.noQuestions', { sheet: survey.name });
  warnAppearances(result.appearances, issues);

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
    choices: lists,
    warnings: issues.warnings,
  };
  if (attachments.length) form.attachments = attachments;
  if (entities) form.entities = entities;
  if (instanceName) form.instanceName = instanceName;
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
    add(question.guidanceHint);
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
