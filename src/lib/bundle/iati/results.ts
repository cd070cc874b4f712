// The results framework as IATI results: result > indicator > baseline, period >
// target, actual (with dimensions such as sex). A result needs at least one indicator
// in IATI, so outcomes without indicators are left out of the export.

import type { DisaggregatedValue, Indicator, IndicatorMeasure, Outcome, OutcomeType } from '../../domain/types';
import { narratives } from './narratives';
import { decimal, el, type XmlElement } from './xml';

const RESULT_TYPE: Record<OutcomeType, number> = { output: 1, outcome: 2, impact: 3 };
// IATI IndicatorMeasure codes: 1 unit, 2 percentage, 3 nominal (4 ordinal, 5 qualitative unused).
const MEASURE: Record<IndicatorMeasure, number> = { unit: 1, percentage: 2, nominal: 3 };
const SDG_INDICATOR_VOCABULARY = '9';

export function resultsXml(outcomes: readonly Outcome[], indicators: readonly Indicator[], lang: string): XmlElement[] {
  return outcomes.flatMap((outcome) => {
    const own = indicators.filter((i) => i.outcomeId === outcome.id);
    if (own.length === 0) return [];
    return [
      el(
        'result',
        { type: RESULT_TYPE[outcome.type] },
        el('title', {}, ...narratives(outcome.title, lang, outcome.code)),
        ...own.map((indicator) => indicatorXml(indicator, lang)),
      ),
    ];
  });
}

function indicatorXml(indicator: Indicator, lang: string): XmlElement {
  const about = [indicator.notes, indicator.source && `Source: ${indicator.source}`].filter(Boolean).join(' ');
  return el(
    'indicator',
    { measure: MEASURE[indicator.measure] },
    el('title', {}, ...narratives(indicator.name, lang, indicator.id)),
    about && el('description', {}, el('narrative', { 'xml:lang': 'en' }, about)),
    indicator.sdgIndicator && el('reference', { vocabulary: SDG_INDICATOR_VOCABULARY, code: indicator.sdgIndicator }),
    indicator.baseline && el('baseline', { year: indicator.baseline.year, value: decimal(indicator.baseline.value) }),
    ...indicator.periods.map((period) =>
      el(
        'period',
        {},
        el('period-start', { 'iso-date': period.start }),
        el('period-end', { 'iso-date': period.end }),
        ...period.targets.map((v) => valueXml('target', v)),
        ...period.actuals.map((v) => valueXml('actual', v)),
      ),
    ),
  );
}

function valueXml(name: 'target' | 'actual', v: DisaggregatedValue): XmlElement {
  const dims = Object.entries(v.dimensions).sort(([a], [b]) => a.localeCompare(b));
  return el(
    name,
    { value: decimal(v.value) },
    ...dims.map(([dimension, value]) => el('dimension', { name: dimension, value })),
    v.provenance && el('comment', {}, el('narrative', { 'xml:lang': 'en' }, provenanceText(v))),
  );
}

/** Export texts are in English, the activity's language (lib/i18n is for the screens). */
function provenanceText({ provenance: p }: DisaggregatedValue): string {
  if (!p) return '';
  const sample = p.unweighted ? ' Unweighted field sample: a sample figure, not a population estimate.' : '';
  return `Computed on ${p.computedAt.slice(0, 10)} from ${p.n} responses to form ${p.formId} (version ${p.formVersion}).${sample}`;
}
