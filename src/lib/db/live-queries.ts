// The live views the screens use, one line each.

import type { Outcome, Project } from '../domain/types';
import { live, type Live } from './live.svelte';
import { outcomes, projects } from './repositories';

export function liveProjects(): Live<Project[]> {
  return live(() => projects.list(), []);
}

export function liveProject(id: () => string): Live<Project | undefined> {
  return live((projectId) => projects.get(projectId), undefined, id);
}

/** The outcomes of one project. */
export function liveOutcomes(projectId: () => string): Live<Outcome[]> {
  return live((id) => outcomes.listWhere('projectId', id), [], projectId);
}
