// The translated words answer texts use (lib/forms/engine/answer-text.ts), for the
// interview (`${name}`) and the response page alike.
import type { AnswerWords } from '../../lib/forms/engine';
import { formatNumber } from '../../lib/i18n/format';

export function answerWords(t: (key: string, params?: Record<string, unknown>) => string, lang: string): AnswerWords {
  const number = (n: number, digits: number) => formatNumber(n, lang, { maximumFractionDigits: digits });
  return {
    other: t('fill.orOther.choice'),
    path: (closed, points, measure) =>
      t(closed ? 'widgets.path.answerShape' : 'widgets.path.answerTrace', {
        count: points.length,
        metres: number(measure.metres, 0),
        squareMetres: number(measure.squareMetres, 0),
        // A point as the form stores it, latitude then longitude, in the language's digits.
        places: points.map((p) => `${number(p.lat, 6)} ${number(p.lon, 6)}`).join('; '),
      }),
    unsavedFile: (name) => t('response.unsavedFile', { name }),
  };
}
