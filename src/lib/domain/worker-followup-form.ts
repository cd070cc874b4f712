// The seed project's case-management pair, second half: a follow-up visit to a
// registered worker. The worker is picked from the `workers` entity list
// (select_one_from_file workers.csv, with no attachment of that name: the device's
// list), the current ISSS status is read from the chosen entity (instance('workers')),
// and the answers update that entity (entity_id = the chosen worker, update_if true).
// Written as the XLSForm importer makes it of the equivalent sheets
// (tests/unit/seed-entity-forms.test.ts).

import type { FormData } from './types';
import { WORKER_REGISTRATION, WORKERS_LIST } from './worker-registration-form';

export const WORKER_FOLLOWUP: FormData = {
  formId: 'worker_followup',
  version: '2026110101',
  title: {
    es: 'Visita de seguimiento',
    en: 'Follow-up visit',
    fr: 'Visite de suivi',
  },
  languages: ['es', 'en', 'fr'],
  defaultLanguage: 'es',
  questions: [
    {
      type: 'select_one',
      name: 'worker',
      label: { es: 'Persona trabajadora', en: 'Worker', fr: 'Travailleuse ou travailleur' },
      required: true,
      appearance: 'autocomplete',
      itemset: { file: `${WORKERS_LIST}.csv`, value: 'name', label: 'label' },
    },
    {
      type: 'calculate',
      name: 'current_isss',
      calculation: `instance('${WORKERS_LIST}')/root/item[name=\${worker}]/isss_status`,
    },
    {
      // The label of the status on record, in the language of the form (the new status's list).
      type: 'calculate',
      name: 'current_isss_label',
      calculation: "jr:choice-name(${current_isss}, '${isss_status}')",
    },
    {
      type: 'note',
      name: 'current_isss_note',
      label: {
        es: 'Situación registrada ante el ISSS: ${current_isss_label}',
        en: 'ISSS status on record: ${current_isss_label}',
        fr: "Situation enregistrée vis-à-vis de l'ISSS : ${current_isss_label}",
      },
      relevant: "${current_isss}!=''",
    },
    {
      type: 'select_one',
      name: 'isss_status',
      listName: 'isss_status',
      label: {
        es: 'Situación actual ante el Seguro Social (ISSS)',
        en: 'Current social security (ISSS) status',
        fr: 'Situation actuelle vis-à-vis de la Sécurité sociale (ISSS)',
      },
      required: true,
      saveTo: 'isss_status',
    },
    {
      type: 'integer',
      name: 'contrib_months',
      label: {
        es: 'Meses cotizados en los últimos 12 meses',
        en: 'Months contributed in the last 12 months',
        fr: 'Mois cotisés au cours des 12 derniers mois',
      },
      required: true,
      constraint: '. >= 0 and . <= 12',
      constraintMessage: {
        es: 'Entre 0 y 12 meses',
        en: 'Between 0 and 12 months',
        fr: 'Entre 0 et 12 mois',
      },
      saveTo: 'contrib_months',
    },
    {
      type: 'date',
      name: 'visit_date',
      label: { es: 'Fecha de la visita', en: 'Date of visit', fr: 'Date de la visite' },
      required: true,
      saveTo: 'last_visit',
    },
  ],
  choices: { isss_status: WORKER_REGISTRATION.choices.isss_status },
  warnings: [],
  entities: [{ listName: WORKERS_LIST, entityId: '${worker}', updateIf: 'true()' }],
};
