// Every record a new installation holds: the seed project and its objectives
// (seed-data.ts) and the default survey. To seed more, add records to SEED_RECORDS:
// seedOnce() adds every record whose id it has not seeded before, on new and old
// installations. Apart from seed-data.ts because the survey's questions are most of
// the seed's code, and the first screen does not show them.

import type { FormData } from './types';
// The one import from above lib/domain: the default survey is data, typed here.
import { COVERAGE_SURVEY } from './coverage-survey';
import { FIRST_SCREEN_SEED, SEED_PROJECT_ID, type SeedRecord } from './seed-data';

export const SEED_SURVEY_ID = '5b0e6f1c-2a57-4d0b-9f3e-8c1d7a4e2b90';

/** The default coverage survey, collecting for the seed project. */
export const SEED_SURVEY: SeedRecord<FormData> = {
  id: SEED_SURVEY_ID,
  kind: 'form',
  data: { ...COVERAGE_SURVEY, projectId: SEED_PROJECT_ID },
};

export const SEED_RECORDS: readonly SeedRecord[] = [...FIRST_SCREEN_SEED, SEED_SURVEY];
