// A project and its results framework as an IATI 2.03 activity file. Elements follow
// the order of the schema's sequences (iati-activities-schema.xsd); the rules the
// schema does not check are applied here: identifier without "/", budgets of at
// most a year, SDG tags, sector 16010, gender marker, sex dimensions.

import type { Indicator, LocalizedText, Outcome, Project, ProjectStatus } from '../../domain/types';
import { splitBudgetByYear } from './budget';
import { narratives, plainNarrative } from './narratives';
import { resultsXml } from './results';
import { decimal, el, render, type XmlElement } from './xml';

export interface IatiOrg {
  ref: string;
  /** IATI OrganisationType, e.g. 40 multilateral. */
  type: number;
  name: LocalizedText;
}

export interface IatiOptions {
  /** generated-datetime: when the file is made (ISO). */
  generatedAt: string;
  reportingOrg?: IatiOrg;
  /** The activity's xml:lang, whose narratives come first. */
  language?: string;
  /** Gender equality policy marker significance (0 not targeted … 4); ILO projects with a gender focus: 1. */
  genderSignificance?: number;
  /** RelatedActivityType for linked projects: 1 parent, 2 child, 3 sibling (the default), 5 third party. */
  relatedActivityType?: number;
}

export const ILO: IatiOrg = {
  ref: 'XM-DAC-41302',
  type: 40,
  name: {
    en: 'International Labour Organization',
    es: 'Organización Internacional del Trabajo',
    fr: 'Organisation internationale du Travail',
  },
};

const STATUS: Record<ProjectStatus, number> = { pipeline: 1, active: 2, closed: 4 };
const SOCIAL_PROTECTION = '16010';
const GENDER_EQUALITY = '1';

/** An IATI identifier: the organisation's ref, then the code with '/' and other forbidden characters as '-'. */
export function iatiIdentifier(orgRef: string, code: string): string {
  return `${orgRef}-${code.trim().replace(/[/&|?\s]+/g, '-')}`;
}

export function toIatiXml(project: Project, outcomes: readonly Outcome[], indicators: readonly Indicator[], options: IatiOptions): string {
  const org = options.reportingOrg ?? ILO;
  const lang = options.language ?? 'en';
  const own = outcomes.filter((o) => o.projectId === project.id && !o.deleted);
  const ownIndicators = indicators.filter((i) => !i.deleted && own.some((o) => o.id === i.outcomeId));
  const lastUpdated = [project, ...own, ...ownIndicators].map((r) => r.updatedAt).sort().pop();
  const activity = el(
    'iati-activity',
    {
      'last-updated-datetime': lastUpdated || undefined,
      'xml:lang': lang,
      'default-currency': project.budget?.currency,
      hierarchy: 1,
    },
    el('iati-identifier', {}, iatiIdentifier(org.ref, project.code)),
    el('reporting-org', { ref: org.ref, type: org.type }, ...narratives(org.name, lang, org.ref)),
    el('title', {}, ...narratives(project.title, lang, project.code)),
    el('description', { type: 1 }, ...narratives(project.description, lang, project.code)),
    own.length > 0 && el('description', { type: 2 }, ...narratives(objectives(own), lang)),
    ...participatingOrgs(project, org, lang),
    el('other-identifier', { ref: project.code, type: 'A1' }, el('owner-org', { ref: org.ref }, ...narratives(org.name, lang))),
    el('activity-status', { code: STATUS[project.status] }),
    // The register holds planned dates only: 1 planned start, 3 planned end.
    el('activity-date', { type: 1, 'iso-date': project.start }),
    el('activity-date', { type: 3, 'iso-date': project.end }),
    el('recipient-country', { code: project.country, percentage: 100 }),
    el('sector', { vocabulary: 1, code: SOCIAL_PROTECTION, percentage: 100 }),
    ...sdgTags(project.sdgTargets),
    ...linkedOutcomeTags(project, lang),
    el('policy-marker', { vocabulary: 1, code: GENDER_EQUALITY, significance: options.genderSignificance ?? 1 }),
    ...budgets(project),
    ...project.links
      .filter((link) => link.type === 'project')
      .map((link) => el('related-activity', { ref: iatiIdentifier(org.ref, link.code), type: options.relatedActivityType ?? 3 })),
    ...resultsXml(own, ownIndicators, lang),
  );
  const root = el('iati-activities', { version: '2.03', 'generated-datetime': options.generatedAt }, activity);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root)}\n`;
}

/** The outcomes' titles as the activity's objectives (description type 2), per language. */
function objectives(outcomes: readonly Outcome[]): LocalizedText {
  const langs = [...new Set(outcomes.flatMap((o) => Object.keys(o.title)))];
  return Object.fromEntries(
    langs.map((l) => [l, outcomes.map((o, i) => `(${i + 1}) ${o.title[l] ?? ''}`.trim()).join(' ')]),
  );
}

function participatingOrgs(project: Project, org: IatiOrg, lang: string): XmlElement[] {
  return [
    // Role 1 funding, 4 implementing; partners are implementing partners whose type the register does not hold.
    project.funding && el('participating-org', { ref: org.ref, role: 1, type: org.type }, plainNarrative(project.funding)),
    el('participating-org', { ref: org.ref, role: 4, type: org.type }, ...narratives(org.name, lang)),
    ...project.partners.filter((p) => p.trim()).map((p) => el('participating-org', { role: 4 }, plainNarrative(p))),
  ].filter((e): e is XmlElement => !!e);
}

/** SDG goals (vocabulary 2) derived from the targets (vocabulary 3), e.g. 1.3 → goal 1. */
function sdgTags(targets: readonly string[]): XmlElement[] {
  const goals = [...new Set(targets.map((t) => t.split('.')[0]))];
  return [
    ...goals.map((code) => el('tag', { vocabulary: 2, code })),
    ...targets.map((code) => el('tag', { vocabulary: 3, code })),
  ];
}

/**
 * Linked country programme outcomes (e.g. SLV 812) are not IATI activities, so not
 * related-activity: they go as the reporting organisation's own tags (vocabulary 99,
 * which requires a narrative), code without spaces.
 */
function linkedOutcomeTags(project: Project, lang: string): XmlElement[] {
  return project.links
    .filter((link) => link.type === 'outcome')
    .map((link) => {
      const text = Object.fromEntries(Object.entries(link.title).map(([l, t]) => [l, `${link.code} (${link.start} – ${link.end}): ${t}`]));
      return el('tag', { vocabulary: 99, code: link.code.replace(/\s+/g, '') }, ...narratives(text, lang, link.code));
    });
}

function budgets(project: Project): XmlElement[] {
  if (!project.budget) return [];
  const { currency, amount } = project.budget;
  // Status 1 indicative: a pro rata split by days is an estimate, not the agreed yearly figures.
  return splitBudgetByYear(project.start, project.end, amount).map((b) =>
    el(
      'budget',
      { type: 1, status: 1 },
      el('period-start', { 'iso-date': b.start }),
      el('period-end', { 'iso-date': b.end }),
      el('value', { currency, 'value-date': b.start }, decimal(b.amount)),
    ),
  );
}
