// The rows of a project's timeline: the project itself, then its linked items by start.
import type { LinkedItem, Project } from './types';

export interface TimelineRow {
  code: string;
  type: 'self' | LinkedItem['type'];
  title: LinkedItem['title'];
  start: string;
  end: string;
  country: string;
}

export function timelineRows(project: Project): TimelineRow[] {
  const self: TimelineRow = {
    code: project.code,
    type: 'self',
    title: project.title,
    start: project.start,
    end: project.end,
    country: project.country,
  };
  const linked = [...project.links].sort((a, b) => a.start.localeCompare(b.start) || a.code.localeCompare(b.code));
  return [self, ...linked];
}

/** Milliseconds since the epoch of an ISO date, at UTC midnight. */
export function dateMs(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}
