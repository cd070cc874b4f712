import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonSlow } from '../../src/lib/domain/merge';
import { seededRandom } from '../seeded-random';

const KEYS = ['a', 'b', 'z', 'A', 'é', 'ß', '0', '1', '10', '2', '01', '-1', '4294967295', '__proto__', 'toJSON', 'dirty', 'serverRev', 'q1', 'q10', 'q2', ' ', '', 'emoji😀', '\u2028', 'x"y'];
const STRINGS = ['', 'plain', 'Descripción', 'line\nbreak', 'quote"', '\u0000', '\ud800', '😀', '\u2028', '<script>'];

function value(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const r = next();
  if (depth > 3 || r < 0.35) {
    return pick<unknown>([null, true, false, 0, -0, 1.5, -3, 1e21, NaN, Infinity, undefined, pick(STRINGS), new Date(Math.floor(next() * 2e12))]);
  }
  if (r < 0.5) {
    const out = Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    if (next() < 0.05) out.length += 2; // holes
    return out;
  }
  const out: Record<string, unknown> = {};
  const count = Math.floor(next() * 6);
  for (let i = 0; i < count; i++) {
    const key = pick(KEYS);
    if (key === '__proto__') Object.defineProperty(out, key, { value: value(next, depth + 1), enumerable: true, configurable: true, writable: true });
    else out[key] = value(next, depth + 1);
  }
  if (next() < 0.03) out.fn = () => 1;
  return out;
}

/** A record shaped like the app's: envelope, field clocks, answers, nested objects. */
function record(next: () => number, i: number) {
  const hlc = `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z-0000-device-${i % 3}`;
  const answers: Record<string, unknown> = {};
  for (let q = 0; q < 25; q++) if (next() < 0.8) answers[`q${q}`] = next() < 0.5 ? `answer ${q}` : value(next, 2);
  return {
    formId: 'f', status: next() < 0.5 ? 'draft' : 'finalized', answers, history: [], location: { longitude: -89.2, latitude: 13.7 },
    id: `r-${i}`, kind: 'response', hlc, fieldHlc: { status: hlc, answers: hlc, deleted: hlc }, deviceId: 'd',
    createdAt: hlc.slice(0, 24), updatedAt: hlc.slice(0, 24), deleted: false, dirty: i % 2, serverRev: i % 3 ? undefined : '1-x', extra: value(next, 1),
  };
}

describe('canonicalJson (fast path) against the reference writer', () => {
  it('gives the same text for random values', () => {
    const next = seededRandom(20261127);
    for (let i = 0; i < 5000; i++) {
      const v = value(next, 0);
      expect(canonicalJson(v)).toBe(canonicalJsonSlow(v));
    }
  });

  it('gives the same text for random records, whole and without device fields', () => {
    const next = seededRandom(42);
    const omit = new Set(['dirty', 'serverRev']);
    for (let i = 0; i < 3000; i++) {
      const r = record(next, i);
      expect(canonicalJson(r)).toBe(canonicalJsonSlow(r));
      const kept = Object.fromEntries(Object.entries(r).filter(([key]) => !omit.has(key)));
      expect(canonicalJson(r, omit)).toBe(canonicalJsonSlow(kept));
    }
  });

  it('handles what a sorted copy cannot hold', () => {
    const proto = JSON.parse('{"__proto__":{"b":1},"a":2}');
    for (const v of [{ 10: 'a', 2: 'b', x: 1 }, proto, [1, , 3], { f: () => 1, s: Symbol('s') }, [() => 1], undefined, new Date(0), { d: new Date(0) }]) {
      expect(canonicalJson(v)).toBe(canonicalJsonSlow(v));
    }
    expect(canonicalJson({ dirty: 1, answers: { dirty: 'yes', 10: 1 } }, new Set(['dirty']))).toBe('{"answers":{"10":1,"dirty":"yes"}}');
  });
});
