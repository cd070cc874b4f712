// Indicators over an entity list (case management): counted from the workers the seed
// project has registered and followed up, as they stand now, rather than from the
// responses of one survey round.

import type { ComputedIndicatorDefinition, IndicatorData, ValueProvenance } from '../domain/types';
import { WORKER_FOLLOWUP } from '../domain/worker-followup-form';
import { WORKER_REGISTRATION, WORKERS_LIST } from '../domain/worker-registration-form';

/** Registered workers affiliated to ISSS, by sex: their latest status, whichever visit set it. */
export const WORKERS_AFFILIATED: ComputedIndicatorDefinition = {
  key: 'entities.workersAffiliated',
  formId: WORKER_REGISTRATION.formId,
  source: { entities: WORKERS_LIST },
  denominator: 'true()',
  value: { kind: 'rate', numerator: "${isss_status}='affiliated'" },
  groupBy: ['sex'],
};

/** The indicator as a results-framework entry under `outcomeId`, ready to store. */
export function workersAffiliatedIndicator(outcomeId: string): IndicatorData {
  return {
    outcomeId,
    name: {
      es: 'Personas trabajadoras registradas afiliadas al ISSS',
      en: 'Registered workers affiliated to ISSS',
      fr: "Travailleuses et travailleurs enregistrés affiliés à l'ISSS",
    },
    measure: 'percentage',
    unit: '%',
    baseline: null,
    periods: [],
    disaggregations: ['sex'],
    source: `Piso case list ${WORKERS_LIST} (forms ${WORKER_REGISTRATION.formId}, ${WORKER_FOLLOWUP.formId})`,
    notes: '',
    computed: WORKERS_AFFILIATED,
  };
}

/**
 * The case list a recorded actual was counted over: its provenance's `list`, or, for one
 * recorded before provenances named their list, the list of the indicator's definition
 * when the provenance names the definition's form. Undefined for a survey figure.
 */
export function countedList(provenance: ValueProvenance, computed: ComputedIndicatorDefinition | undefined): string | undefined {
  if (provenance.list) return provenance.list;
  return computed?.source && provenance.formId === computed.formId ? computed.source.entities : undefined;
}
