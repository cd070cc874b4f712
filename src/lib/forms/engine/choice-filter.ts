// XLSForm choice filters read the choices sheet's columns by bare name
// (`dept = ${department}`, `name != 'x'`), which our expression grammar does not
// accept. Before parsing, each bare name is rewritten to a reference with a prefix
// no question can have; the session answers those from the choice being tested.

/** `${` + this + column `}` reads a column of the choice being filtered. */
export const CHOICE_COLUMN_PREFIX = '__choice__';

const WORD_OPERATORS = new Set(['and', 'or', 'div', 'mod']);
const NAME_START = /[\p{L}_]/u;
const NAME_CHAR = /[\p{L}\p{N}_.\-]/u;

/** The choice_filter source with every bare column name turned into `${__choice__name}`. */
export function rewriteChoiceFilter(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      const stop = end === -1 ? src.length : end + 1;
      out += src.slice(i, stop);
      i = stop;
    } else if (c === '$' && src[i + 1] === '{') {
      const end = src.indexOf('}', i);
      const stop = end === -1 ? src.length : end + 1;
      out += src.slice(i, stop);
      i = stop;
    } else if (NAME_START.test(c) && !/[\p{N}.]/u.test(src[i - 1] ?? '')) {
      let j = i + 1;
      while (j < src.length && NAME_CHAR.test(src[j])) j++;
      // A `prefix:name` (jr:choice-name) is a function name, never a column.
      if (src[j] === ':' && NAME_START.test(src[j + 1] ?? '')) {
        j += 2;
        while (j < src.length && NAME_CHAR.test(src[j])) j++;
      }
      const name = src.slice(i, j);
      const next = src.slice(j).trimStart()[0];
      const isCall = next === '(';
      out += isCall || WORD_OPERATORS.has(name) || name.includes(':') ? name : `\${${CHOICE_COLUMN_PREFIX}${name}}`;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The column a rewritten reference reads, or undefined for a question reference. */
export function choiceColumn(name: string): string | undefined {
  return name.startsWith(CHOICE_COLUMN_PREFIX) ? name.slice(CHOICE_COLUMN_PREFIX.length) : undefined;
}
