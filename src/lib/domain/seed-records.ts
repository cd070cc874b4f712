// Every record a new installation holds: the seed project and its objectives
// (seed-data.ts), the default survey, and the case-management pair of forms with their
// sample case list (seed-workers.ts) and the indicator counted from it. To seed more, add records to SEED_RECORDS:
// seedOnce() adds every record whose id it has not seeded before, on new and old
// installations. Apart from seed-data.ts because the survey's questions are most of
// the seed's code, and the first screen does not show them.

import type { FormData, IndicatorData } from './types';
import { COVERAGE_SURVEY } from './coverage-survey';
import { FIRST_SCREEN_SEED, SEED_OUTCOMES, SEED_PROJECT_ID, SEED_TIME, type SeedRecord } from './seed-data';
import { SEED_WORKER_RECORDS, stamped } from './seed-workers';
import { WORKER_FOLLOWUP } from './worker-followup-form';
import { WORKER_REGISTRATION } from './worker-registration-form';
// The one import from above lib/domain: the indicator's definition lives with the others.
import { workersAffiliatedIndicator } from '../indicators/entity-definitions';

export const SEED_SURVEY_ID = '5b0e6f1c-2a57-4d0b-9f3e-8c1d7a4e2b90';

/** The default coverage survey, collecting for the seed project. */
export const SEED_SURVEY: SeedRecord<FormData> = {
  id: SEED_SURVEY_ID,
  kind: 'form',
  data: { ...COVERAGE_SURVEY, projectId: SEED_PROJECT_ID },
};

export const SEED_REGISTRATION_ID = '5eed0000-c45e-4e17-9a0b-000000000001';
export const SEED_FOLLOWUP_ID = '5eed0000-c45e-4e17-9a0b-000000000002';
export const SEED_WORKERS_INDICATOR_ID = '5eed0000-c45e-4e17-9a0b-000000000003';

const caseForm = (id: string, form: FormData): SeedRecord<FormData> => ({ id, kind: 'form', data: { ...form, projectId: SEED_PROJECT_ID } });

/**
 * Registered workers affiliated to ISSS, under the objective of extending coverage (OBJ 2).
 * Stamped as a device stamps an indicator: its periods (a map field) have no clock of their own.
 */
export const SEED_WORKERS_INDICATOR: SeedRecord<IndicatorData> = stamped(
  SEED_WORKERS_INDICATOR_ID,
  'indicator',
  workersAffiliatedIndicator(SEED_OUTCOMES[1].id),
  SEED_TIME,
);

export const SEED_RECORDS: readonly SeedRecord[] = [
  ...FIRST_SCREEN_SEED,
  SEED_SURVEY,
  caseForm(SEED_REGISTRATION_ID, WORKER_REGISTRATION),
  caseForm(SEED_FOLLOWUP_ID, WORKER_FOLLOWUP),
  SEED_WORKERS_INDICATOR,
  ...SEED_WORKER_RECORDS,
];
