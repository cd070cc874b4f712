// The indicators the app ships for its default survey (lib/forms/coverage-survey.ts),
// after the ILO's SDG 1.3.1 and labour force survey concepts (reference README).
// Conditions read the raw answers rather than the form's calculate fields where that
// is short, so that a response imported without its calculations still counts.

import type { ComputedIndicatorDefinition, IndicatorData, LocalizedText } from '../domain/types';
import { COVERAGE_SURVEY } from '../domain/coverage-survey';

const FORM = COVERAGE_SURVEY.formId;
const CONSENTED = "${consent}='yes'";
const EMPLOYED = "${worked_last_week}='yes' or ${temp_absent}='yes'";
const HEALTH = "starts-with(${isss_status}, 'contrib_')";
const PENSION = "(${pension_contrib}='afp' or ${pension_contrib}='public' or ${pension_contrib}='ipsfa')";
const BY_STATUS_AND_SEX = ['status_employment', 'sex'];

export const EFFECTIVE_COVERAGE: ComputedIndicatorDefinition = {
  key: 'coverage.effective',
  formId: FORM,
  filter: CONSENTED,
  denominator: EMPLOYED,
  // Covered: contributes to ISSS or a pension, or receives a benefit (an ISSS pension,
  // or a non-contributory pension or cash transfer; the survey asks the latter of the
  // household, so it may count a person covered through a relative).
  value: {
    kind: 'rate',
    numerator: `${HEALTH} or ${PENSION} or \${isss_status}='pensioner' or \${noncontrib_benefit}='yes'`,
  },
  groupBy: BY_STATUS_AND_SEX,
};

export const HEALTH_ONLY: ComputedIndicatorDefinition = {
  key: 'coverage.healthOnly',
  formId: FORM,
  filter: CONSENTED,
  denominator: EMPLOYED,
  value: { kind: 'rate', numerator: `${HEALTH} and not(${PENSION})` },
  groupBy: BY_STATUS_AND_SEX,
};

export const PENSION_ONLY: ComputedIndicatorDefinition = {
  key: 'coverage.pensionOnly',
  formId: FORM,
  filter: CONSENTED,
  denominator: EMPLOYED,
  value: { kind: 'rate', numerator: `${PENSION} and not(${HEALTH})` },
  groupBy: BY_STATUS_AND_SEX,
};

// Informal employment as the form classifies the main job (its formal_job calculation,
// 17th ICLS); a response without that calculation is left out rather than counted formal.
export const INFORMALITY: ComputedIndicatorDefinition = {
  key: 'coverage.informality',
  formId: FORM,
  filter: CONSENTED,
  denominator: `(${EMPLOYED}) and \${formal_job}!=''`,
  value: { kind: 'rate', numerator: '${formal_job}=0' },
  groupBy: BY_STATUS_AND_SEX,
};

// Months contributed in the last 12, over 12, averaged over the employed who contribute
// (the only ones asked).
export const CONTRIBUTION_DENSITY: ComputedIndicatorDefinition = {
  key: 'coverage.contributionDensity',
  formId: FORM,
  filter: CONSENTED,
  denominator: `(${EMPLOYED}) and (${HEALTH} or ${PENSION})`,
  value: { kind: 'mean', value: '${contrib_months_12}', divisor: 12 },
  groupBy: BY_STATUS_AND_SEX,
};

export const COVERAGE_DEFINITIONS: readonly ComputedIndicatorDefinition[] = [
  EFFECTIVE_COVERAGE,
  HEALTH_ONLY,
  PENSION_ONLY,
  INFORMALITY,
  CONTRIBUTION_DENSITY,
];

const NAMES: Record<string, LocalizedText> = {
  [EFFECTIVE_COVERAGE.key]: {
    es: 'Cobertura efectiva de la seguridad social entre las personas ocupadas',
    en: 'Effective social security coverage of employed people',
    fr: 'Couverture effective de la sécurité sociale des personnes en emploi',
  },
  [HEALTH_ONLY.key]: {
    es: 'Personas ocupadas que cotizan solo al ISSS (salud), sin pensión',
    en: 'Employed people contributing to ISSS (health) only, not to a pension',
    fr: "Personnes en emploi cotisant seulement à l'ISSS (santé), sans pension",
  },
  [PENSION_ONLY.key]: {
    es: 'Personas ocupadas que cotizan solo a pensiones, sin ISSS',
    en: 'Employed people contributing to a pension only, not to ISSS',
    fr: "Personnes en emploi cotisant seulement à une pension, sans l'ISSS",
  },
  [INFORMALITY.key]: {
    es: 'Tasa de informalidad del empleo principal',
    en: 'Informality rate of the main job',
    fr: "Taux d'informalité de l'emploi principal",
  },
  [CONTRIBUTION_DENSITY.key]: {
    es: 'Densidad de cotización (meses cotizados en los últimos 12 / 12)',
    en: 'Density of contributions (months contributed in the last 12 / 12)',
    fr: 'Densité de cotisation (mois cotisés sur les 12 derniers / 12)',
  },
};

/** The shipped indicators as results-framework entries under `outcomeId`, ready to store. */
export function coverageIndicators(outcomeId: string): IndicatorData[] {
  return COVERAGE_DEFINITIONS.map((computed) => ({
    outcomeId,
    name: NAMES[computed.key],
    measure: 'percentage',
    unit: '%',
    baseline: null,
    periods: [],
    disaggregations: ['sex'],
    source: `Piso field survey ${FORM} (unweighted sample)`,
    notes: '',
    ...(computed.key === EFFECTIVE_COVERAGE.key ? { sdgIndicator: '1.3.1' } : {}),
    computed,
  }));
}
