// A hand-made set of coverage-survey responses whose figures are worked out by hand
// in indicators.test.ts.

import type { Answers, SurveyResponse } from '../../src/lib/domain/types';
import type { ResponseLike } from '../../src/lib/indicators';

export const FORM = 'ss_coverage_slv';

export type TestResponse = ResponseLike & { id: string };

let n = 0;
export function response(answers: Answers, over: Partial<SurveyResponse> = {}): TestResponse {
  return {
    id: `r${String(++n).padStart(2, '0')}`,
    formId: FORM,
    formVersion: 'v1',
    status: 'finalized',
    deleted: false,
    ...over,
    answers: { consent: 'yes', worked_last_week: 'yes', ...answers },
  };
}

const FEMALE = { sex: 'female' };
const MALE = { sex: 'male' };
const NONE = { isss_status: 'none', pension_contrib: 'no', noncontrib_benefit: 'no' };

export const HAND_MADE = [
  // R1 female private employee, ISSS and AFP, 12 months, formal: covered, both schemes.
  response({ ...FEMALE, status_employment: 'employee_private', isss_status: 'contrib_general', pension_contrib: 'afp', noncontrib_benefit: 'no', contrib_months_12: '12', formal_job: '1' }),
  // R2 female private employee, nothing: not covered, informal.
  response({ ...FEMALE, status_employment: 'employee_private', ...NONE, formal_job: '0' }),
  // R3 female domestic worker, ISSS special regime only, 6 months: covered, health only.
  response({ ...FEMALE, status_employment: 'domestic', isss_status: 'contrib_domestic', pension_contrib: 'no', noncontrib_benefit: 'no', contrib_months_12: '6', formal_job: '1' }),
  // R4 female own-account, no contribution but a cash transfer: covered (benefit), informal.
  response({ ...FEMALE, status_employment: 'own_account', ...NONE, noncontrib_benefit: 'yes', formal_job: '0' }),
  // R5 male private employee, ISSS and AFP, 10 months, formal; form version v2.
  response({ ...MALE, status_employment: 'employee_private', isss_status: 'contrib_general', pension_contrib: 'afp', noncontrib_benefit: 'no', contrib_months_12: '10', formal_job: '1' }, { formVersion: 'v2' }),
  // R6 male own-account, AFP only, 3 months, informal: covered, pension only.
  response({ ...MALE, status_employment: 'own_account', isss_status: 'none', pension_contrib: 'afp', noncontrib_benefit: 'no', contrib_months_12: '3', formal_job: '0' }),
  // R7 male own-account, nothing: not covered, informal.
  response({ ...MALE, status_employment: 'own_account', ...NONE, formal_job: '0' }),
  // R8 male public employee, temporarily absent, ISSS pensioner: covered (benefit), not a contributor.
  response({ ...MALE, worked_last_week: 'no', temp_absent: 'yes', status_employment: 'employee_public', isss_status: 'pensioner', pension_contrib: 'no', noncontrib_benefit: 'no', formal_job: '1' }),
  // R9 not employed (answers it would not have been asked, to prove it is left out).
  response({ ...FEMALE, worked_last_week: 'no', temp_absent: 'no', status_employment: 'employee_private', isss_status: 'contrib_general', pension_contrib: 'afp', formal_job: '1' }),
  // R10 no consent.
  response({ ...MALE, consent: 'no', status_employment: 'employer', isss_status: 'contrib_general', formal_job: '1' }),
  // R11 a draft.
  response({ ...FEMALE, status_employment: 'employer', isss_status: 'contrib_selfemployed', formal_job: '1' }, { status: 'draft' }),
  // R12 a deleted response.
  response({ ...MALE, status_employment: 'employer', isss_status: 'contrib_selfemployed', formal_job: '1' }, { deleted: true }),
  // R13 another form.
  response({ ...MALE, status_employment: 'employer', isss_status: 'contrib_selfemployed', formal_job: '1' }, { formId: 'other' }),
];
