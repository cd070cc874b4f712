// A minimal XML reader for the parts of an .xlsx we need (workbook, relationships,
// shared strings, worksheets). DOMParser would do, but it does not exist in Node
// (tests) nor in workers, and these files use a tiny, regular subset of XML.
// Namespace prefixes are dropped ("x:row" -> "row"): writers differ in the prefixes
// they use, never in the local names.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

const ATTR = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Parses a document and returns its root element. Throws XmlError when malformed. */
export function parseXml(src: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const top = stack[stack.length - 1];
    if (lt < 0) {
      if (src.slice(i).trim()) top.children.push(decodeXml(src.slice(i)));
      break;
    }
    if (lt > i) top.children.push(decodeXml(src.slice(i, lt)));
    if (src.startsWith('<!--', lt)) {
      i = skipTo(src, '-->', lt);
    } else if (src.startsWith('<![CDATA[', lt)) {
      const end = skipTo(src, ']]>', lt);
      top.children.push(src.slice(lt + 9, end - 3));
      i = end;
    } else if (src[lt + 1] === '?' || src[lt + 1] === '!') {
      i = skipTo(src, '>', lt);
    } else if (src[lt + 1] === '/') {
      const end = skipTo(src, '>', lt);
      const name = localName(src.slice(lt + 2, end - 1).trim());
      if (stack.length < 2 || top.name !== name) throw new XmlError(`unexpected </${name}>`);
      stack.pop();
      i = end;
    } else {
      const end = tagEnd(src, lt);
      let body = src.slice(lt + 1, end - 1);
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const nameMatch = /^[^\s/>]+/.exec(body);
      if (!nameMatch) throw new XmlError('tag without a name');
      const element: XmlElement = { name: localName(nameMatch[0]), attrs: {}, children: [] };
      for (const m of body.slice(nameMatch[0].length).matchAll(ATTR)) {
        element.attrs[localName(m[1])] = decodeXml(m[3] ?? m[4]);
      }
      top.children.push(element);
      if (!selfClosing) stack.push(element);
      i = end;
    }
  }
  if (stack.length !== 1) throw new XmlError(`unclosed <${stack[stack.length - 1].name}>`);
  const first = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!first) throw new XmlError('no root element');
  return first;
}

function skipTo(src: string, marker: string, from: number): number {
  const at = src.indexOf(marker, from);
  if (at < 0) throw new XmlError(`missing ${marker}`);
  return at + marker.length;
}

/** End of a start tag, skipping '>' inside quoted attribute values. */
function tagEnd(src: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  throw new XmlError('unterminated tag');
}

export function childElements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name),
  );
}

export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  return childElements(el, name)[0];
}

/** Concatenated text of an element and its descendants. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
