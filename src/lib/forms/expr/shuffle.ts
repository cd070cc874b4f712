import { sha256 } from './hash';

/**
 * randomize() as JavaRosa (ODK Collect) and Enketo do it, so that a seeded order is the
 * same in Piso as in those clients: the "inside-out" Fisher-Yates shuffle driven by a
 * Park-Miller generator.
 */

const MODULUS = 2147483647;
const MULTIPLIER = 16807;

/** Park-Miller "minimal standard" generator; `seed` is a whole number (a Java long). */
function parkMiller(seed: number): () => number {
  // Java: the long as a double, then its remainder (the sign follows the dividend).
  let state = seed % MODULUS;
  if (state <= 0) state += MODULUS - 1;
  return () => {
    state = (state * MULTIPLIER) % MODULUS;
    return (state - 1) / (MODULUS - 1);
  };
}

/** A copy of `items` in the order the seed gives. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const next = parkMiller(seed);
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) {
    const j = Math.trunc(next() * (i + 1));
    if (j !== i) out[i] = out[j];
    out[j] = items[i];
  }
  return out;
}

/**
 * The seed of randomize(list, seed): a number's whole part, or for text that is not a
 * number the first 8 bytes of its SHA-256 as a signed 64-bit integer (JavaRosa's
 * rule, so a seed taken from a text answer orders the same everywhere); '' is 0.
 * The engine shuffles a select's choices (parameters `randomize=true seed=${x}`) with
 * seededShuffle(choices, seedOf(toNumber(x), x)), as JavaRosa does.
 */
export function seedOf(n: number, text: string): number {
  if (!Number.isNaN(n)) return Math.trunc(n);
  if (text === '') return 0;
  const digest = sha256(new TextEncoder().encode(text));
  const view = new DataView(digest.buffer, digest.byteOffset, 8);
  return Number(view.getBigInt64(0));
}
