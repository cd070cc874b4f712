// Checks the expressions of an imported form with the app's own parser, so that a
// form that imports is a form the renderer can run.

import { ExpressionError, parseExpression, references } from '../expr';
import { FUNCTIONS } from '../expr/functions';
import { choiceColumn, rewriteChoiceFilter } from '../engine/choice-filter';
import type { Issues, Place } from './issues';

/**
 * ODK functions Piso's engine does not implement. An expression calling one is left
 * out with a warning (the form still works, without that logic); any other unknown
 * name is a typo, and an error.
 */
const ODK_ONLY = new Set([
  'pulldata', 'instance', 'indexed-repeat', 'once', 'uuid', 'random', 'randomize', 'digest',
  'base64-decode', 'encrypt-string', 'area', 'distance', 'geofence', 'sqrt', 'exp', 'exp10', 'log',
  'log10', 'pow', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'pi', 'abs', 'max', 'min',
  'sum', 'join', 'count', 'count-non-empty', 'substr', 'substring-before', 'substring-after',
  'translate', 'normalize-space', 'boolean-from-string', 'checklist', 'weighted-checklist', 'true',
  'false', 'last', 'selected-at', 'jr:itext', 'format-date-time', 'date-time', 'decimal-time',
  'ends-with', 'sort', 'lower-case', 'upper-case', 'uri-escape',
]);

/** Names called as functions, found outside string literals. */
function calledFunctions(src: string): string[] {
  const code = src.replace(/'[^']*'|"[^"]*"/g, (s) => ' '.repeat(s.length));
  return [...code.matchAll(/([\p{L}_][\p{L}\p{N}_.-]*(?::[\p{L}_][\p{L}\p{N}_.-]*)?)\s*\(/gu)].map((m) => m[1]);
}

/**
 * Checks one expression: it must parse, and every ${name} it reads must be a question
 * of the form. Returns false when the expression is to be left out of the form.
 */
export function checkExpression(
  src: string,
  place: Place,
  names: ReadonlySet<string>,
  issues: Issues,
  choiceFilter = false,
): boolean {
  const unsupported = [...new Set(calledFunctions(src))].filter((f) => ODK_ONLY.has(f) && !FUNCTIONS.has(f));
  if (unsupported.length) {
    issues.warn('xlsform.unsupportedFunction', place, { functions: unsupported.join(', ') });
    return false;
  }
  let expr;
  try {
    // A choice_filter reads the choice's columns by bare name: parse it as the engine runs it.
    expr = parseExpression(choiceFilter ? rewriteChoiceFilter(src) : src);
  } catch (e) {
    const position = e instanceof ExpressionError ? e.position : 0;
    const detail = e instanceof Error ? e.message : String(e);
    issues.error('xlsform.badExpression', place, { expression: src, character: position + 1, detail });
    return true;
  }
  for (const name of references(expr)) {
    if (choiceColumn(name) === undefined && !names.has(name)) issues.error('xlsform.unknownReference', place, { name });
  }
  return true;
}

/** Labels and hints may show answers as ${name}: those must exist too. */
export function checkTextReferences(text: string, place: Place, names: ReadonlySet<string>, issues: Issues): void {
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    if (!names.has(m[1].trim())) issues.error('xlsform.unknownReference', place, { name: m[1].trim() });
  }
}
