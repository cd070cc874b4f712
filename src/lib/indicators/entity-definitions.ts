// Indicators over an entity list (case management): counted from the workers the seed
// project has registered and followed up, as they stand now, rather than from the
// responses of one survey round.

import type { ComputedIndicatorDefinition, IndicatorData } from '../domain/types';
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
    source: `Piso case list ${WORKERS_LIST} (${WORKER_REGISTRATION.formId}, follow-up visits)`,
    notes: '',
    computed: WORKERS_AFFILIATED,
  };
}
