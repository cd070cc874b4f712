// Checks the expressions of an imported form with the app's own parser, so that a
// form that imports is a form the renderer can run.

import { ExpressionError, parseExpression } from '../expr';
import { FUNCTIONS } from '../expr/functions';
import { rewriteChoiceFilter } from '../engine/choice-filter';
import { instancesRead } from '../engine/data-sources';
import type { Issues, Place } from './issues';
import { checkXPathSyntax, XPathSyntaxError } from './xpath-syntax';

/**
 * ODK functions Piso's engine does not implement. An expression calling one is left
 * out with a warning naming the function (the form still works, without that logic).
 * Any other unknown name, or a wrong number of arguments, is left out with a warning
 * too (unsupportedExpression, with the character): pyxform passes both through, so the
 * form must import.
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
 * Checks one expression. Not XPath at all: an error, with the character, as ODK
 * Central would refuse it. XPath that Piso's engine cannot run (a function it lacks, a
 * path form it does not read): a warning, and false, so the expression is left out.
 */
export function checkExpression(src: string, place: Place, issues: Issues, choiceFilter = false): boolean {
  try {
    checkXPathSyntax(src);
  } catch (e) {
    if (!(e instanceof XPathSyntaxError)) throw e;
    issues.error('xlsform.badExpression', place, { expression: src, character: e.position + 1, detail: e.message });
    return true;
  }
  const unsupported = [...new Set(calledFunctions(src))].filter((f) => ODK_ONLY.has(f) && !FUNCTIONS.has(f));
  if (unsupported.length) {
    issues.warn('xlsform.unsupportedFunction', place, { functions: unsupported.join(', ') });
    return false;
  }
  try {
    // A choice_filter reads the choice's columns by bare name: parse it as the engine runs it.
    parseExpression(choiceFilter ? rewriteChoiceFilter(src) : src);
  } catch (e) {
    const position = e instanceof ExpressionError ? e.position : 0;
    const detail = e instanceof Error ? e.message : String(e);
    issues.warn('xlsform.unsupportedExpression', place, { expression: src, character: position + 1, detail });
    return false;
  }
  return true;
}

const NCNAME = /^(last-saved#)?[\p{L}_][\p{L}\p{N}_.\-\u00B7\u0300-\u036F\u203F\u2040]*$/u;

/**
 * pyxform's reference rules, in any cell: `${` must close, hold one name and no spaces,
 * and the name must be declared exactly once in the survey (a name used in two groups
 * is ambiguous).
 */
export function checkReferences(text: string, place: Place, nameCounts: ReadonlyMap<string, number>, issues: Issues): void {
  for (const m of text.matchAll(/\$\{([^}]+)\}|\$\{[^}]*$/g)) {
    const inner = m[1];
    if (inner === undefined || !NCNAME.test(inner)) {
      issues.error('xlsform.badReference', place, { text: m[0] });
      continue;
    }
    const name = inner.replace(/^last-saved#/, '');
    const count = nameCounts.get(name) ?? 0;
    if (count === 0) issues.error('xlsform.unknownReference', place, { name });
    else if (count > 1) issues.error('xlsform.ambiguousReference', place, { name, count });
  }
}

/** The ${name}s an expression reads. */
export function referencedNames(src: string): string[] {
  return [...src.matchAll(/\$\{(?:last-saved#)?([^}\s]+)\}/g)].map((m) => m[1]);
}

/** Files an expression reads: pulldata('file', ...) and instance('name'). */
export function filesRead(src: string): { pulldata: string[]; instances: string[] } {
  return {
    pulldata: [...src.matchAll(/pulldata\s*\(\s*(['"])([^'"]+)\1/g)].map((m) => m[2]),
    instances: instancesRead(src),
  };
}
