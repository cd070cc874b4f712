// A minimal XML writer for the IATI export: elements as data, escaped once when
// written, so that no user text (titles, partner names) can break the document.

export type Attrs = Record<string, string | number | undefined>;
export interface XmlElement {
  name: string;
  attrs: Attrs;
  children: (XmlElement | string)[];
}

export function el(name: string, attrs: Attrs = {}, ...children: (XmlElement | string | null | undefined | false)[]): XmlElement {
  return { name, attrs, children: children.filter((c): c is XmlElement | string => c !== null && c !== undefined && c !== false) };
}

// Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF):
// removed rather than escaped, since no character reference can stand for them.
const INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function clean(text: string): string {
  return text.replace(INVALID, '');
}

export function escapeText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Tabs and line breaks too, which a parser would otherwise normalize to spaces in an attribute. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Indented two spaces per level; an element holding text keeps it on one line. */
export function render(node: XmlElement, depth = 0): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
  if (node.children.length === 0) return `${pad}<${node.name}${attrs}/>`;
  if (node.children.every((c) => typeof c === 'string')) {
    return `${pad}<${node.name}${attrs}>${node.children.map((c) => escapeText(c as string)).join('')}</${node.name}>`;
  }
  const inner = node.children.map((c) => (typeof c === 'string' ? pad + '  ' + escapeText(c) : render(c, depth + 1)));
  return `${pad}<${node.name}${attrs}>\n${inner.join('\n')}\n${pad}</${node.name}>`;
}

/** A number as xsd:decimal, which has no exponent form (String(1e-7) is '1e-7'). */
export function decimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  const s = String(value);
  return /e/i.test(s) ? value.toFixed(20).replace(/\.?0+$/, '') : s;
}
