// Moving through a session's screens: next/back skip screens with nothing relevant,
// progress counts relevant screens, validation points at the screen of each problem.

import { buildScreens, isScreenRelevant, type Paging } from './screens';
import type { FormSession } from './session';
import type { Cell } from './scope';
import { collectIssues, issueOf, type Issue } from './validate';

const cache = new WeakMap<FormSession, { version: number; paging: Paging }>();

/** The screens, rebuilt only when repeat instances come or go. */
export function pagingOf(session: FormSession): Paging {
  const hit = cache.get(session);
  if (hit && hit.version === session.structureVersion) return hit.paging;
  const paging = buildScreens(session.root, session.compiled.roots);
  cache.set(session, { version: session.structureVersion, paging });
  return paging;
}

/** The next relevant screen after `from`; the screens' count means "the end". */
export function nextScreen(session: FormSession, from: number): number {
  const { screens } = pagingOf(session);
  for (let i = Math.max(from + 1, 0); i < screens.length; i++) if (isScreenRelevant(screens[i])) return i;
  return screens.length;
}

/** The previous relevant screen before `from`, or -1 when there is none. */
export function previousScreen(session: FormSession, from: number): number {
  const { screens } = pagingOf(session);
  for (let i = Math.min(from, screens.length) - 1; i >= 0; i--) if (isScreenRelevant(screens[i])) return i;
  return -1;
}

/** The index of the screen with this id (a saved cursor), or the nearest relevant one. */
export function screenById(session: FormSession, id: string | undefined): number {
  const { screens } = pagingOf(session);
  const i = id ? screens.findIndex((s) => s.id === id) : -1;
  if (i === -1) return id === 'end' ? screens.length : nextScreen(session, -1);
  return isScreenRelevant(screens[i]) ? i : nextScreen(session, i);
}

/** How far `at` is among the relevant screens: `done` screens before it of `total`. */
export function progress(session: FormSession, at: number): { done: number; total: number } {
  const { screens } = pagingOf(session);
  let done = 0;
  let total = 0;
  for (let i = 0; i < screens.length; i++) {
    if (!isScreenRelevant(screens[i])) continue;
    total++;
    if (i < at) done++;
  }
  return { done, total };
}

/** The cells a screen shows a problem for. */
function cellsOn(session: FormSession, index: number): Cell[] {
  const out: Cell[] = [];
  for (const [cell, i] of pagingOf(session).screenOf) if (i === index) out.push(cell);
  return out;
}

/** Problems on one screen (checked before moving on). */
export function issuesOn(session: FormSession, index: number): Issue[] {
  return cellsOn(session, index)
    .map(issueOf)
    .filter((issue): issue is Issue => issue !== null);
}

/** Every problem in the form, each with the screen to go to. */
export function validateAll(session: FormSession): (Issue & { screen: number })[] {
  const { screenOf } = pagingOf(session);
  return collectIssues(session.root, session.compiled.roots).map((issue) => ({
    ...issue,
    screen: screenOf.get(issue.cell) ?? -1,
  }));
}
