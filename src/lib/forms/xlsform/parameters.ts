// The `parameters` column, read and checked as pyxform 4.5 does (parsing/parameters.py,
// the per-type checks of xls2json.py and validators/pyxform/question_types/range.py).

import type { Choice } from '../../domain/types';
import type { Issues, Place } from './issues';

/** `key=value` pairs separated by spaces, commas or semicolons; undefined when malformed. */
export function parseParameters(raw: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const text = raw.trim();
  if (!text) return out;
  const pair = /^[\s,;]*([^\s=,;]+)\s*=\s*([^\s=,;]+)/;
  let rest = text;
  while (rest.replace(/[\s,;]+/g, '')) {
    const m = pair.exec(rest);
    if (!m) return undefined;
    const key = m[1].toLowerCase();
    // Label and value name columns of a file: their case matters.
    out[key] = key === 'label' || key === 'value' ? m[2] : m[2].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** The types whose parameters pyxform checks, by the spellings its checks are written for. */
const KIND_OF: Record<string, string> = {
  text: 'text',
  image: 'image', photo: 'image', 'add image prompt': 'image', 'add photo prompt': 'image',
  audio: 'audio', 'add audio prompt': 'audio',
  'background-audio': 'background-audio',
  range: 'range',
  geopoint: 'geopoint',
  geotrace: 'geo', geoshape: 'geo',
  audit: 'audit',
};
/** The parameters each of those kinds accepts. */
const ACCEPTED: Record<string, readonly string[]> = {
  text: ['rows'],
  image: ['app', 'max-pixels'],
  audio: ['quality'],
  'background-audio': ['quality'],
  range: ['end', 'placeholder', 'start', 'step', 'tick_interval', 'tick_labelset'],
  geopoint: ['allow-mock-accuracy', 'capture-accuracy', 'reference-geometry', 'warning-accuracy'],
  geo: ['allow-mock-accuracy', 'incremental', 'reference-geometry'],
  audit: ['identify-user', 'location-max-age', 'location-min-interval', 'location-priority', 'track-changes', 'track-changes-reasons'],
};
const SELECT = ['randomize', 'seed'];
const SELECT_FROM_FILE = ['label', 'randomize', 'seed', 'value'];

export interface ParameterContext {
  /** The type as written in pyxform's dictionary (ParsedType.base). */
  base: string;
  select?: 'list' | 'file';
  place: Place;
  choices: Record<string, Choice[]>;
  issues: Issues;
  appearance?: string;
}

/** Checks the parameters of one question; returns them with range defaults filled in. */
export function checkParameters(params: Record<string, string>, ctx: ParameterContext): Record<string, string> {
  const kind = Object.hasOwn(KIND_OF, ctx.base) ? KIND_OF[ctx.base] : undefined;
  const accepted = ctx.select ? (ctx.select === 'file' ? SELECT_FROM_FILE : SELECT) : kind && ACCEPTED[kind];
  // pyxform checks parameters only for the types above; other types ignore the column.
  if (!accepted) return params;
  const rejected = Object.keys(params).filter((k) => !accepted.includes(k));
  if (rejected.length) {
    ctx.issues.error('xlsform.unknownParameter', ctx.place, { rejected: rejected.sort().join(', '), accepted: [...accepted].sort().join(', ') });
    return params;
  }
  const bad = (parameter: string, code: string, extra: Record<string, string> = {}) =>
    ctx.issues.error(code, ctx.place, { parameter, ...extra });
  const integer = (k: string) => k in params && !/^[+-]?\d+$/.test(params[k]) && bad(k, 'xlsform.parameterNotInteger');
  const oneOf = (k: string, allowed: string[]) =>
    k in params && !allowed.includes(params[k]) && bad(k, 'xlsform.parameterNotAllowed', { allowed: allowed.join(', ') });
  if (ctx.select) {
    oneOf('randomize', ['true', 'false']);
    if ('seed' in params && !('randomize' in params)) bad('seed', 'xlsform.seedWithoutRandomize');
    else if ('seed' in params && !/^\$\{[^}]+\}$/.test(params.seed) && !Number.isFinite(Number(params.seed))) {
      bad('seed', 'xlsform.parameterNotNumber');
    }
    for (const k of ['value', 'label']) {
      if (k in params && !/^[\p{L}_][\p{L}\p{N}_.-]*$/u.test(params[k])) bad(k, 'xlsform.parameterNotName');
    }
    return params;
  }
  switch (kind) {
    case 'text':
      integer('rows');
      break;
    case 'image':
      integer('max-pixels');
      break;
    case 'audio':
      oneOf('quality', ['voice-only', 'low', 'normal', 'external']);
      break;
    case 'background-audio':
      oneOf('quality', ['voice-only', 'low', 'normal']);
      break;
    case 'range':
      return checkRange(params, ctx, bad);
    case 'audit':
      oneOf('track-changes', ['true', 'false']);
      oneOf('identify-user', ['true', 'false']);
      oneOf('track-changes-reasons', ['on-form-edit']);
      break;
  }
  return params;
}

function checkRange(
  params: Record<string, string>,
  ctx: ParameterContext,
  bad: (parameter: string, code: string, extra?: Record<string, string>) => void,
): Record<string, string> {
  const out: Record<string, string> = { start: '1', end: '10', step: '1', ...params };
  const numbers: Record<string, number> = {};
  for (const k of ['start', 'end', 'step', 'tick_interval', 'placeholder']) {
    if (!(k in out)) continue;
    const n = Number(out[k]);
    if (out[k].trim() === '' || !Number.isFinite(n)) {
      bad(k, 'xlsform.parameterNotNumber');
      return out;
    }
    numbers[k] = n;
  }
  const appearance = ctx.appearance ?? '';
  const ticks = ['tick_interval', 'placeholder', 'tick_labelset'].filter((k) => k in out);
  if (appearance && !appearance.includes('vertical') && !appearance.includes('no-ticks') && ticks.length) {
    bad(ticks[0], 'xlsform.rangeAppearance');
    return out;
  }
  const width = Math.abs(numbers.end - numbers.start);
  const multiple = (a: number, b: number) => Math.abs(a / b - Math.round(a / b)) < 1e-9;
  if (numbers.step === 0) bad('step', 'xlsform.rangeZero');
  else if (numbers.step > width) bad('step', 'xlsform.rangeTooLarge');
  else if ('tick_interval' in numbers) {
    const tick = numbers.tick_interval;
    if (tick === 0) bad('tick_interval', 'xlsform.rangeZero');
    else if (tick > width) bad('tick_interval', 'xlsform.rangeTooLarge');
    else if (!multiple(tick, numbers.step)) bad('tick_interval', 'xlsform.rangeNotMultiple');
  }
  if ('placeholder' in numbers && numbers.step !== 0) {
    const p = numbers.placeholder;
    if (!multiple(p - numbers.start, numbers.step)) bad('placeholder', 'xlsform.rangeNotMultiple');
    else if (p < Math.min(numbers.start, numbers.end) || p > Math.max(numbers.start, numbers.end)) bad('placeholder', 'xlsform.rangeOutside');
  }
  if (out.tick_labelset) checkTickLabels(out.tick_labelset, numbers, appearance, ctx, bad);
  return out;
}

/** A range's tick labels: a choice list whose names are values on its ticks (or steps). */
function checkTickLabels(
  list: string,
  n: Record<string, number>,
  appearance: string,
  ctx: ParameterContext,
  bad: (parameter: string, code: string, extra?: Record<string, string>) => void,
): void {
  const choices = ctx.choices[list];
  if (!choices) return bad('tick_labelset', 'xlsform.missingChoiceList', { list });
  const values = new Set<number>();
  for (const c of choices) {
    const v = Number(c.name);
    if (c.name.trim() === '' || !Number.isFinite(v)) return bad('tick_labelset', 'xlsform.rangeLabelNotNumber', { list });
    if (v < Math.min(n.start, n.end) || v > Math.max(n.start, n.end)) return bad('tick_labelset', 'xlsform.rangeOutside');
    const unit = n.tick_interval ?? n.step;
    const k = (v - n.start) / unit;
    if (Math.abs(k - Math.round(k)) > 1e-9) return bad(n.tick_interval === undefined ? 'step' : 'tick_interval', 'xlsform.rangeNotMultiple');
    values.add(v);
  }
  if (appearance.includes('no-ticks') && (values.size > 2 || !values.has(n.start) || !values.has(n.end) || values.size !== (n.start === n.end ? 1 : 2))) {
    bad('tick_labelset', 'xlsform.rangeNoTicksLabels');
  }
}
