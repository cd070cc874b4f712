// Hash routes: pure parsing and building, so links and tests agree.
export type Route =
  | { name: 'projects' }
  | { name: 'project-new' }
  | { name: 'project'; id: string }
  | { name: 'project-edit'; id: string }
  | { name: 'outcome-new'; projectId: string }
  | { name: 'outcome-edit'; id: string }
  | { name: 'settings' }
  | { name: 'forms' }
  | { name: 'form-import' }
  | { name: 'fill-new'; formId: string; followUp?: FollowUp }
  | { name: 'fill'; responseId: string }
  | { name: 'responses'; formId: string }
  | { name: 'response'; id: string }
  | { name: 'bundles' }
  | { name: 'bundle-import' }
  | { name: 'dashboard'; id: string }
  | { name: 'indicator-new'; outcomeId: string }
  | { name: 'indicator'; id: string }
  | { name: 'indicator-edit'; id: string }
  | { name: 'entity-lists' }
  | { name: 'entity-list'; list: string }
  | { name: 'entity'; list: string; entityId: string }
  | { name: 'not-found'; path: string };

/** The entity a new interview visits again ("Start a follow-up visit" on the entity screen). */
export interface FollowUp {
  list: string;
  entityId: string;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'projects' };
  if (parts[0] === 'settings' && parts.length === 1) return { name: 'settings' };
  if (parts[0] === 'projects') {
    if (parts[1] === 'new' && parts.length === 2) return { name: 'project-new' };
    if (parts.length === 2) return { name: 'project', id: parts[1] };
    if (parts.length === 3 && parts[2] === 'edit') return { name: 'project-edit', id: parts[1] };
    if (parts.length === 3 && parts[2] === 'dashboard') return { name: 'dashboard', id: parts[1] };
    if (parts.length === 4 && parts[2] === 'outcomes' && parts[3] === 'new') return { name: 'outcome-new', projectId: parts[1] };
  }
  if (parts[0] === 'outcomes' && parts.length === 3 && parts[2] === 'edit') return { name: 'outcome-edit', id: parts[1] };
  if (parts[0] === 'outcomes' && parts.length === 4 && parts[2] === 'indicators' && parts[3] === 'new') {
    return { name: 'indicator-new', outcomeId: parts[1] };
  }
  if (parts[0] === 'indicators' && parts.length === 2) return { name: 'indicator', id: parts[1] };
  if (parts[0] === 'indicators' && parts.length === 3 && parts[2] === 'edit') return { name: 'indicator-edit', id: parts[1] };
  if (parts[0] === 'forms') {
    if (parts.length === 1) return { name: 'forms' };
    if (parts.length === 2 && parts[1] === 'import') return { name: 'form-import' };
    if (parts.length === 3 && parts[2] === 'fill') return { name: 'fill-new', formId: parts[1] };
    if (parts.length === 5 && parts[2] === 'fill') return { name: 'fill-new', formId: parts[1], followUp: { list: parts[3], entityId: parts[4] } };
    if (parts.length === 3 && parts[2] === 'responses') return { name: 'responses', formId: parts[1] };
  }
  if (parts[0] === 'bundles' && parts.length === 1) return { name: 'bundles' };
  if (parts[0] === 'bundles' && parts.length === 2 && parts[1] === 'import') return { name: 'bundle-import' };
  if (parts[0] === 'entities') {
    if (parts.length === 1) return { name: 'entity-lists' };
    if (parts.length === 2) return { name: 'entity-list', list: parts[1] };
    if (parts.length === 3) return { name: 'entity', list: parts[1], entityId: parts[2] };
  }
  if (parts[0] === 'fill' && parts.length === 2) return { name: 'fill', responseId: parts[1] };
  if (parts[0] === 'responses' && parts.length === 2) return { name: 'response', id: parts[1] };
  return { name: 'not-found', path };
}

export const href = {
  projects: () => '#/',
  projectNew: () => '#/projects/new',
  project: (id: string) => `#/projects/${id}`,
  projectEdit: (id: string) => `#/projects/${id}/edit`,
  outcomeNew: (projectId: string) => `#/projects/${projectId}/outcomes/new`,
  outcomeEdit: (id: string) => `#/outcomes/${id}/edit`,
  settings: () => '#/settings',
  forms: () => '#/forms',
  formImport: () => '#/forms/import',
  /** Starts a new interview with the latest version of the form (XLSForm form_id). */
  fillNew: (formId: string) => `#/forms/${encodeURIComponent(formId)}/fill`,
  /** A new interview that visits an entity again: the form's select of the entity's list starts on it. */
  fillFollowUp: (formId: string, list: string, entityId: string) =>
    `#/forms/${encodeURIComponent(formId)}/fill/${encodeURIComponent(list)}/${encodeURIComponent(entityId)}`,
  fill: (responseId: string) => `#/fill/${responseId}`,
  responses: (formId: string) => `#/forms/${encodeURIComponent(formId)}/responses`,
  response: (id: string) => `#/responses/${id}`,
  bundles: () => '#/bundles',
  bundleImport: () => '#/bundles/import',
  dashboard: (projectId: string) => `#/projects/${projectId}/dashboard`,
  indicatorNew: (outcomeId: string) => `#/outcomes/${outcomeId}/indicators/new`,
  indicator: (id: string) => `#/indicators/${id}`,
  indicatorEdit: (id: string) => `#/indicators/${id}/edit`,
  /** Case management: the entity lists, one list, one entity (ids are the form's, so encoded). */
  entityLists: () => '#/entities',
  entityList: (list: string) => `#/entities/${encodeURIComponent(list)}`,
  entity: (list: string, entityId: string) => `#/entities/${encodeURIComponent(list)}/${encodeURIComponent(entityId)}`,
};
