// What a new installation holds: the SLV/16/03/RBS project and its three objectives
// (DESIGN.md "Seed data"). Ids and clocks are fixed, so that two devices that seed
// independently hold the very same records and merge them without a conflict.
// The default survey and the list of every seed record are in seed-records.ts, so that
// the first screen (which shows this project) does not load the survey's questions.

import type { Envelope, Kind, OutcomeData, ProjectData } from './types';

export interface SeedRecord<D extends object = object> {
  id: string;
  kind: Kind;
  data: D;
  /**
   * The clocks and times of a sample record written before the seed (the case list's
   * responses and entities, seed-workers.ts); without it, every field at SEED_HLC.
   */
  envelope?: Pick<Envelope, 'hlc' | 'fieldHlc' | 'createdAt' | 'updatedAt'>;
}

/** Time of the seed records. Their clock is older than any edit (seedOnce moves the device clock past it). */
export const SEED_TIME = '2026-11-27T00:00:00.000Z';
export const SEED_DEVICE = 'seed';
export const SEED_HLC = `${SEED_TIME}-0000-${SEED_DEVICE}`;

export const SEED_PROJECT_ID = 'ea6037db-97b5-4783-97c8-1f6d558c5e03';

const PERIOD = { start: '2017-11-01', end: '2021-12-31' };

export const SEED_PROJECT: SeedRecord<ProjectData> = {
  id: SEED_PROJECT_ID,
  kind: 'project',
  data: {
    code: 'SLV/16/03/RBS',
    title: {
      es: 'Extensión de la seguridad social y consolidación del piso de protección social en El Salvador',
      en: 'Extending social security and consolidating the social protection floor in El Salvador',
      fr: 'Extension de la sécurité sociale et consolidation du socle de protection sociale au Salvador',
    },
    description: {
      es:
        'El país, con el apoyo de la OIT, diseña y fortalece las estrategias para la extensión de la seguridad ' +
        'social y la consolidación del piso de protección social, con enfoque de género. Forma parte del Programa ' +
        'Global de Referencia de la OIT «Construir pisos de protección social para todos» y llega a los ' +
        'trabajadores por cuenta propia, domésticos y rurales.',
      en:
        'The country, with ILO support, designs and strengthens strategies to extend social security and ' +
        'consolidate the social protection floor, with a gender focus. Part of the ILO Flagship Programme on ' +
        'Building Social Protection Floors for All, it reaches self-employed, domestic and rural workers.',
      fr:
        "Le pays, avec l'appui de l'OIT, conçoit et renforce des stratégies pour étendre la sécurité sociale et " +
        'consolider le socle de protection sociale, dans une perspective de genre. Ce projet relève du Programme ' +
        "phare mondial de l'OIT « Mettre en place des socles de protection sociale pour tous » et s'adresse aux " +
        'travailleurs indépendants, domestiques et ruraux.',
    },
    country: 'SV',
    region: 'Americas',
    status: 'closed',
    ...PERIOD,
    budget: { amount: 462640, currency: 'USD' },
    funding: 'Regular Budget Supplementary Account (RBSA) and development cooperation',
    partners: [
      'Instituto Salvadoreño del Seguro Social (ISSS)',
      'Ministerio de Trabajo y Previsión Social',
      'Secretaría Técnica y de Planificación de la Presidencia',
    ],
    sdgTargets: ['1.3', '3.8'],
    links: [
      {
        type: 'project',
        code: 'SLV/16/02/RBS',
        title: {
          es: 'Apoyo técnico en protección social en El Salvador',
          en: 'Technical support on social protection in El Salvador',
          fr: 'Appui technique en matière de protection sociale au Salvador',
        },
        start: '2016-01-01',
        end: '2018-02-28',
        country: 'SV',
      },
      {
        type: 'outcome',
        code: 'SLV 238',
        title: {
          es:
            'El país, con el apoyo de la OIT, diseña y ejecuta estrategias para el desarrollo del piso de protección ' +
            'social y para la extensión de la cobertura a la seguridad social, con enfoque de género',
          en:
            'The country, with ILO support, designs and implements strategies to develop the social protection ' +
            'floor and to extend social security coverage, with a gender focus',
          fr:
            "Le pays, avec l'appui de l'OIT, conçoit et met en œuvre des stratégies pour développer le socle de " +
            'protection sociale et étendre la couverture de la sécurité sociale, dans une perspective de genre',
        },
        start: '2016-01-01',
        end: '2017-12-31',
        country: 'SV',
      },
      {
        type: 'outcome',
        code: 'SEN 240',
        title: {
          es:
            'Se mejora la cobertura de la protección social mediante programas que abarcan, en particular, a los ' +
            'trabajadores de la economía informal y de la economía rural',
          en:
            'Social protection coverage is improved through programmes covering in particular workers in the ' +
            'informal economy and the rural economy',
          fr:
            'La couverture de la protection sociale est améliorée à travers des programmes couvrant notamment les ' +
            "travailleurs de l'économie informelle et de l'économie rurale",
        },
        start: '2016-01-01',
        end: '2017-12-31',
        country: 'SN',
      },
      {
        type: 'outcome',
        code: 'SLV 812',
        title: {
          es:
            'Estrategias para la extensión de la seguridad social y la consolidación del piso de protección social, ' +
            'con enfoque de género, diseñadas o fortalecidas',
          en:
            'Strategies for extending social security and consolidating the social protection floor, with a ' +
            'gender focus, designed or strengthened',
          fr:
            "Des stratégies d'extension de la sécurité sociale et de consolidation du socle de protection sociale, " +
            'dans une perspective de genre, sont conçues ou renforcées',
        },
        start: '2018-01-01',
        end: '2019-12-31',
        country: 'SV',
      },
    ],
  },
};

function objective(id: string, number: number, title: OutcomeData['title']): SeedRecord<OutcomeData> {
  return {
    id,
    kind: 'outcome',
    data: { projectId: SEED_PROJECT_ID, code: `OBJ ${number}`, title, ...PERIOD, country: 'SV', type: 'outcome' },
  };
}

export const SEED_OUTCOMES: SeedRecord<OutcomeData>[] = [
  objective('3938201f-17c7-466b-8e1e-27c5a03ab2d6', 1, {
    es:
      'Gobernanza administrativa y financiera de la seguridad social fortalecida: recomendaciones actuariales de ' +
      'la OIT, Régimen de Riesgos Profesionales, estrategia del Régimen de Salud, lineamientos de gestión y mejores ' +
      'estadísticas con el ISSS y el Ministerio de Trabajo y Previsión Social',
    en:
      'Administrative and financial governance of social security strengthened: ILO actuarial recommendations, ' +
      'Occupational Risks Regime, Health Regime strategy, management guidelines and better statistics with the ' +
      'ISSS and the Ministry of Labour and Social Welfare',
    fr:
      'Gouvernance administrative et financière de la sécurité sociale renforcée : recommandations actuarielles ' +
      "de l'OIT, régime des risques professionnels, stratégie du régime de santé, lignes directrices de gestion et " +
      "meilleures statistiques avec l'ISSS et le ministère du Travail et de la Prévoyance sociale",
  }),
  objective('d42a99f5-2575-4c05-907b-6bf8d7dddb20', 2, {
    es:
      'Formalización y extensión de la cobertura a los trabajadores por cuenta propia, domésticos y rurales ' +
      '(Recomendación núm. 204, 2015), y estrategia integral de aseguramiento con los interlocutores sociales',
    en:
      'Formalization and extension of coverage to self-employed, domestic and rural workers (Recommendation ' +
      'No. 204, 2015), and a comprehensive insurance strategy with the social partners',
    fr:
      'Formalisation et extension de la couverture aux travailleurs indépendants, domestiques et ruraux ' +
      "(recommandation nº 204, 2015), et stratégie globale d'assurance avec les partenaires sociaux",
  }),
  objective('fdbd0976-4d9e-4afe-9225-1beb03a83c97', 3, {
    es:
      'Bases técnicas del piso de protección social con la Secretaría Técnica y de Planificación de la ' +
      'Presidencia: modelos de costeo, información sobre el sistema de cuidados y esquema de financiamiento',
    en:
      'Technical basis for the social protection floor with the Technical and Planning Secretariat of the ' +
      'Presidency: costing models, information on the care system and a financing scheme',
    fr:
      'Bases techniques du socle de protection sociale avec le Secrétariat technique et de planification de la ' +
      'Présidence : modèles de chiffrage, information sur le système de prise en charge et schéma de financement',
  }),
];

/** What the first screen shows of the seed: seeded before it, the rest after it. */
export const FIRST_SCREEN_SEED: readonly SeedRecord[] = [SEED_PROJECT, ...SEED_OUTCOMES];

/** A seed record in its envelope, identical on every device. */
export function seedEnvelope(seed: SeedRecord): Envelope & Record<string, unknown> {
  const fieldHlc = Object.fromEntries([...Object.keys(seed.data), 'deleted'].map((key) => [key, SEED_HLC]));
  return {
    ...seed.data,
    id: seed.id,
    kind: seed.kind,
    hlc: SEED_HLC,
    fieldHlc,
    createdAt: SEED_TIME,
    updatedAt: SEED_TIME,
    ...seed.envelope,
    deviceId: SEED_DEVICE,
    deleted: false,
    dirty: 1,
  };
}
