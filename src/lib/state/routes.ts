// Hash routes: pure parsing and building, so links and tests agree.
export type Route =
  | { name: 'projects' }
  | { name: 'project-new' }
  | { name: 'project'; id: string }
  | { name: 'project-edit'; id: string }
  | { name: 'outcome-new'; projectId: string }
  | { name: 'outcome-edit'; id: string }
  | { name: 'settings' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = decodeURI(hash.replace(/^#/, '')) || '/';
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'projects' };
  if (parts[0] === 'settings' && parts.length === 1) return { name: 'settings' };
  if (parts[0] === 'projects') {
    if (parts[1] === 'new' && parts.length === 2) return { name: 'project-new' };
    if (parts.length === 2) return { name: 'project', id: parts[1] };
    if (parts.length === 3 && parts[2] === 'edit') return { name: 'project-edit', id: parts[1] };
    if (parts.length === 4 && parts[2] === 'outcomes' && parts[3] === 'new') return { name: 'outcome-new', projectId: parts[1] };
  }
  if (parts[0] === 'outcomes' && parts.length === 3 && parts[2] === 'edit') return { name: 'outcome-edit', id: parts[1] };
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
};
