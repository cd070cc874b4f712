import { ExpressionError } from './errors';
import { fromBase64, toBase64, toHex } from './bytes';
import { verify } from './ed25519';
import { hash, type HashAlgorithm } from './hash';
import { fn, num, str, strOrCurrent, type FnSpec } from './define';
import { toString } from './convert';
import { evalItem } from './evaluate';
import { compileRegex } from './regex';
import type { Expr } from './ast';

export const TEXT_FUNCTIONS: Record<string, FnSpec> = {
  // As in ODK, a node-set argument contributes all its values, not only the first.
  concat: fn(1, Infinity, (a, ctx) => {
    let out = '';
    for (const e of a) {
      const v = evalItem(e, ctx);
      out += typeof v === 'object' ? v.join('') : toString(v);
    }
    return out;
  }),
  string: fn(0, 1, (a, ctx) => strOrCurrent(a, ctx)),
  // UTF-16 units, as ODK Collect (Java) and Enketo (JavaScript) count.
  'string-length': fn(0, 1, (a, ctx) => strOrCurrent(a, ctx).length),
  // XPath's whitespace only (space, tab, CR, LF): a no-break space is kept.
  'normalize-space': fn(0, 1, (a, ctx) => strOrCurrent(a, ctx).replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '')),
  contains: fn(2, 2, (a, ctx) => str(a[0], ctx).includes(str(a[1], ctx))),
  'starts-with': fn(2, 2, (a, ctx) => str(a[0], ctx).startsWith(str(a[1], ctx))),
  'ends-with': fn(2, 2, (a, ctx) => str(a[0], ctx).endsWith(str(a[1], ctx))),
  // ODK's substr: 0-based start, optional exclusive end.
  substr: fn(2, 3, (a, ctx) => {
    const s = str(a[0], ctx);
    const start = clampIndex(num(a[1], ctx), s.length);
    const end = a.length > 2 ? clampIndex(num(a[2], ctx), s.length) : s.length;
    return start < end ? s.slice(start, end) : '';
  }),
  'substring-before': fn(2, 2, (a, ctx) => {
    const s = str(a[0], ctx);
    const i = s.indexOf(str(a[1], ctx));
    return i === -1 ? '' : s.slice(0, i);
  }),
  'substring-after': fn(2, 2, (a, ctx) => {
    const s = str(a[0], ctx);
    const sep = str(a[1], ctx);
    const i = s.indexOf(sep);
    return i === -1 ? '' : s.slice(i + sep.length);
  }),
  // By characters (code points), so that an emoji or other astral character maps as one.
  translate: fn(3, 3, (a, ctx) => {
    const s = str(a[0], ctx);
    const from = [...str(a[1], ctx)];
    const to = [...str(a[2], ctx)];
    let out = '';
    for (const c of s) {
      const i = from.indexOf(c);
      if (i === -1) out += c;
      else if (i < to.length) out += to[i];
    }
    return out;
  }),
  // Unanchored, like ODK: write ^...$ to match the whole answer.
  regex: fn(2, 2, (a, ctx) => {
    const re = compileRegex(str(a[1], ctx));
    return re instanceof RegExp && re.test(str(a[0], ctx));
  }, checkLiteralRegex),
  // join(separator, values...): node-sets contribute every value.
  join: fn(1, Infinity, (a, ctx) => {
    const values: string[] = [];
    for (let i = 1; i < a.length; i++) {
      const v = evalItem(a[i], ctx);
      if (typeof v === 'object') values.push(...v);
      else values.push(toString(v));
    }
    return values.join(str(a[0], ctx));
  }),
  // uuid(): an RFC 4122 version 4 UUID; uuid(n): n random letters and digits.
  uuid: fn(0, 1, (a, ctx) => (a.length === 0 ? crypto.randomUUID() : randomText(num(a[0], ctx)))),
  digest: fn(2, 3, (a, ctx) => {
    const algorithm = hashAlgorithm(str(a[1], ctx));
    const encoding = a.length > 2 ? encodingName(str(a[2], ctx)) : 'base64';
    if (!algorithm || !encoding) return '';
    const bytes = hash(algorithm, new TextEncoder().encode(str(a[0], ctx)));
    return encoding === 'hex' ? toHex(bytes) : toBase64(bytes);
  }, checkDigest),
  // extract-signed(base64 of signature + message, base64 public key): the message if an
  // Ed25519 signature by that key, '' otherwise (and for an empty message, as JavaRosa).
  'extract-signed': fn(2, 2, (a, ctx) => {
    const signed = fromBase64(str(a[0], ctx));
    const key = fromBase64(str(a[1], ctx));
    if (!signed || !key || signed.length <= 64) return '';
    const message = signed.subarray(64);
    return verify(key, signed.subarray(0, 64), message) ? new TextDecoder().decode(message) : '';
  }),
  // The bytes as UTF-8 text; '' when the input is not base64.
  'base64-decode': fn(1, 1, (a, ctx) => {
    const bytes = fromBase64(str(a[0], ctx));
    return bytes ? new TextDecoder().decode(bytes) : '';
  }),
};

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomText(length: number): string {
  const n = Number.isFinite(length) ? Math.max(0, Math.trunc(length)) : 0;
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  let out = '';
  // 62 letters and digits: drawing from the low 6 bits of a byte, retrying 62 and 63, keeps them equally likely.
  for (let i = 0; i < n; i++) {
    let b = bytes[i] & 63;
    while (b >= 62) b = crypto.getRandomValues(new Uint8Array(1))[0] & 63;
    out += ALPHANUMERIC[b];
  }
  return out;
}

/** 'SHA-256', 'sha256', 'md5'...: JavaRosa ignores case and dashes. */
function hashAlgorithm(name: string): HashAlgorithm | null {
  switch (name.toLowerCase().replace(/-/g, '')) {
    case 'md5': return 'md5';
    case 'sha1': return 'sha-1';
    case 'sha256': return 'sha-256';
    case 'sha384': return 'sha-384';
    case 'sha512': return 'sha-512';
    default: return null;
  }
}

function encodingName(name: string): 'base64' | 'hex' | null {
  const n = name.toLowerCase();
  return n === 'base64' || n === 'hex' ? n : null;
}

/** An algorithm or encoding written in the form is checked when the form is loaded. */
function checkDigest(args: readonly Expr[]): void {
  const [, algorithm, encoding] = args;
  if (algorithm.k === 'str' && !hashAlgorithm(algorithm.v)) {
    throw new ExpressionError(`digest() does not know the algorithm '${algorithm.v}' (MD5, SHA-1, SHA-256, SHA-384, SHA-512)`, algorithm.pos);
  }
  if (encoding?.k === 'str' && !encodingName(encoding.v)) {
    throw new ExpressionError(`digest() encodes as 'base64' or 'hex', not '${encoding.v}'`, encoding.pos);
  }
}

function clampIndex(n: number, length: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.min(Math.max(Math.trunc(n), 0), length);
}

/** A pattern written in the form is checked when the form is loaded, not in the field. */
function checkLiteralRegex(args: readonly Expr[]): void {
  const pattern = args[1];
  if (pattern.k !== 'str') return;
  const re = compileRegex(pattern.v);
  if (re instanceof SyntaxError) {
    throw new ExpressionError(`invalid regular expression in regex(): ${re.message}`, pattern.pos);
  }
}
