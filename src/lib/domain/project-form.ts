// What the project form edits: the stored shape with text where a user types text.
import { splitList } from './validate';
import type { LocalizedText, ProjectData, ProjectStatus } from './types';

export interface ProjectFormValues {
  code: string;
  title: LocalizedText;
  description: LocalizedText;
  country: string;
  region: string;
  status: ProjectStatus;
  start: string;
  end: string;
  budgetAmount: string;
  currency: string;
  funding: string;
  partners: string;
  sdgTargets: string;
}

const emptyText = (): LocalizedText => ({ es: '', en: '', fr: '' });

export function emptyProjectForm(): ProjectFormValues {
  return {
    code: '',
    title: emptyText(),
    description: emptyText(),
    country: 'SV',
    region: '',
    status: 'active',
    start: '',
    end: '',
    budgetAmount: '',
    currency: 'USD',
    funding: '',
    partners: '',
    sdgTargets: '',
  };
}

export function projectToForm(p: ProjectData): ProjectFormValues {
  return {
    code: p.code,
    title: { ...emptyText(), ...p.title },
    description: { ...emptyText(), ...p.description },
    country: p.country,
    region: p.region,
    status: p.status,
    start: p.start,
    end: p.end,
    budgetAmount: p.budget ? String(p.budget.amount) : '',
    currency: p.budget?.currency ?? 'USD',
    funding: p.funding,
    partners: p.partners.join('\n'),
    sdgTargets: p.sdgTargets.join(', '),
  };
}

/** Drops empty translations so a missing language falls back visibly. */
export function cleanText(text: LocalizedText): LocalizedText {
  return Object.fromEntries(Object.entries(text).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
}

/** Form values to the stored shape; `links` are kept from the record being edited. */
export function formToProject(v: ProjectFormValues, links: ProjectData['links'] = []): ProjectData {
  const amountText = v.budgetAmount.trim().replace(/\s/g, '');
  return {
    code: v.code.trim(),
    title: cleanText(v.title),
    description: cleanText(v.description),
    country: v.country.trim().toUpperCase(),
    region: v.region.trim(),
    status: v.status,
    start: v.start,
    end: v.end,
    budget: amountText === '' ? null : { amount: Number(amountText.replace(',', '.')), currency: v.currency.trim().toUpperCase() },
    funding: v.funding.trim(),
    partners: splitList(v.partners),
    sdgTargets: splitList(v.sdgTargets),
    links,
  };
}
