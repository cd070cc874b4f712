// The seed project's case-management pair, first half: registering a worker once. Each
// response creates one entity of the `workers` list (entities sheet: list_name and label,
// no entity_id, so the entity gets a new id), its answers saved to the entity's
// properties (save_to). Written as the XLSForm importer makes it of the equivalent
// sheets (tests/unit/seed-entity-forms.test.ts imports them and compares).

import type { FormData } from './types';
// The departments and the sexes are the default survey's lists: one place for their names and labels.
import { COVERAGE_SURVEY } from './coverage-survey';

/** The entity list the pair of forms shares. */
export const WORKERS_LIST = 'workers';

export const WORKER_REGISTRATION: FormData = {
  formId: 'worker_registration',
  version: '2026110101',
  title: {
    es: 'Registro de personas trabajadoras',
    en: 'Worker registration',
    fr: 'Enregistrement des travailleuses et travailleurs',
  },
  languages: ['es', 'en', 'fr'],
  defaultLanguage: 'es',
  questions: [
    {
      type: 'text',
      name: 'name',
      label: { es: 'Nombre y apellidos', en: 'Full name', fr: 'Nom et prénom' },
      required: true,
      saveTo: 'full_name',
    },
    {
      type: 'select_one',
      name: 'sex',
      listName: 'sex',
      label: { es: 'Sexo', en: 'Sex', fr: 'Sexe' },
      required: true,
      saveTo: 'sex',
    },
    {
      type: 'integer',
      name: 'age',
      label: { es: 'Edad (años cumplidos)', en: 'Age (completed years)', fr: 'Âge (années révolues)' },
      required: true,
      constraint: '. >= 14 and . <= 99',
      constraintMessage: {
        es: 'La edad debe estar entre 14 y 99 años',
        en: 'Age must be between 14 and 99',
        fr: "L'âge doit être compris entre 14 et 99 ans",
      },
      saveTo: 'age',
    },
    {
      type: 'select_one',
      name: 'department',
      listName: 'department',
      label: { es: 'Departamento donde trabaja', en: 'Department of work', fr: 'Département de travail' },
      required: true,
      saveTo: 'department',
    },
    {
      type: 'select_one',
      name: 'status_employment',
      listName: 'status_employment',
      label: { es: 'Situación en el empleo', en: 'Status in employment', fr: "Situation dans l'emploi" },
      required: true,
      saveTo: 'status_employment',
    },
    {
      type: 'select_one',
      name: 'isss_status',
      listName: 'isss_status',
      label: {
        es: 'Situación ante el Seguro Social (ISSS)',
        en: 'Social security (ISSS) status',
        fr: 'Situation vis-à-vis de la Sécurité sociale (ISSS)',
      },
      required: true,
      saveTo: 'isss_status',
    },
  ],
  choices: {
    sex: COVERAGE_SURVEY.choices.sex,
    department: COVERAGE_SURVEY.choices.department,
    status_employment: [
      { name: 'self_employed', label: { es: 'Trabajador/a por cuenta propia', en: 'Self-employed worker', fr: 'Travailleur/travailleuse indépendant(e)' } },
      { name: 'domestic', label: { es: 'Trabajador/a doméstico/a', en: 'Domestic worker', fr: 'Travailleur/travailleuse domestique' } },
      { name: 'rural', label: { es: 'Trabajador/a rural o agrícola', en: 'Rural or agricultural worker', fr: 'Travailleur/travailleuse rural(e) ou agricole' } },
      { name: 'employee', label: { es: 'Asalariado/a', en: 'Employee', fr: 'Salarié(e)' } },
      { name: 'other', label: { es: 'Otra situación', en: 'Other', fr: 'Autre situation' } },
    ],
    isss_status: [
      { name: 'affiliated', label: { es: 'Afiliado/a', en: 'Affiliated', fr: 'Affilié(e)' } },
      { name: 'not_affiliated', label: { es: 'No afiliado/a', en: 'Not affiliated', fr: 'Non affilié(e)' } },
      { name: 'in_process', label: { es: 'En trámite de afiliación', en: 'Affiliation in process', fr: "Affiliation en cours" } },
    ],
  },
  warnings: [],
  // The department's label is a place name, the same in every language.
  entities: [{ listName: WORKERS_LIST, label: "concat(${name}, ' — ', jr:choice-name(${department}, '${department}'))" }],
};
