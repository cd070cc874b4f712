// The `range` type: a number from `start` to `end` by `step` (parameters column).
// pyxform's defaults are start=1, end=10, step=1.
import type { FieldQuestion } from '../../domain/types';

export interface RangeSpec {
  start: number;
  end: number;
  step: number;
}

export function rangeOf(q: Pick<FieldQuestion, 'parameters'>): RangeSpec {
  const read = (key: string, fallback: number) => {
    const n = Number(q.parameters?.[key]);
    return q.parameters?.[key] !== undefined && Number.isFinite(n) ? n : fallback;
  };
  const step = Math.abs(read('step', 1)) || 1;
  return { start: read('start', 1), end: read('end', 10), step };
}

/** The values a range offers, from start to end (at most 1,000; a longer range is a slider only). */
export function rangeValues(r: RangeSpec, max = 1000): number[] | null {
  const count = Math.floor(Math.abs(r.end - r.start) / r.step + 1e-9) + 1;
  if (count > max) return null;
  const sign = r.end >= r.start ? 1 : -1;
  return Array.from({ length: count }, (_, i) => roundLike(r.start + sign * i * r.step, r));
}

/** Within the bounds and on a step from start. */
export function isInRange(value: string, r: RangeSpec): boolean {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) return false;
  if (n < Math.min(r.start, r.end) || n > Math.max(r.start, r.end)) return false;
  const steps = Math.abs(n - r.start) / r.step;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

/** Floating steps (0.1) without 0.30000000000000004: as many decimals as start and step have. */
function roundLike(n: number, r: RangeSpec): number {
  const decimals = Math.max(decimalsOf(r.start), decimalsOf(r.step));
  return Number(n.toFixed(decimals));
}

function decimalsOf(n: number): number {
  const s = String(n);
  const dot = s.indexOf('.');
  return dot === -1 ? 0 : s.length - dot - 1;
}
