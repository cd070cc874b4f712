/**
 * Compiled patterns for regex(), kept by pattern so that a constraint re-checked on
 * every keystroke compiles once. Bounded because a pattern may come from an answer.
 */
const cache = new Map<string, RegExp | SyntaxError>();
const MAX_CACHED = 500;

/**
 * Compiles an ODK (Java-style) pattern. Unicode mode first, so that \p{L} and astral
 * characters work; patterns only valid without it (such as `\-` outside a class)
 * are retried in legacy mode. Returns the SyntaxError when neither compiles.
 */
export function compileRegex(pattern: string): RegExp | SyntaxError {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    try {
      re = new RegExp(pattern);
    } catch (err) {
      re = err instanceof SyntaxError ? err : new SyntaxError(String(err));
    }
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pattern, re);
  return re;
}
