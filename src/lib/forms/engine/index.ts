/**
 * The form engine: a form being filled, pure TypeScript (no Svelte, no storage).
 * A FormSession holds the answers and keeps relevance, calculations, constraints,
 * choice filters and repeats up to date; navigation pages it into screens.
 */
export { FormSession, Cell, Scope } from './session';
export type { ChangeListener, SessionEnv } from './session';
export type { Node, Facet, CompiledForm } from './compile';
export { compileForm } from './compile';
export type { Screen, Paging } from './screens';
export { isScreenRelevant, isFieldList } from './screens';
export { issueOf, collectIssues } from './validate';
export type { Issue, IssueKey } from './validate';
export { pagingOf, nextScreen, previousScreen, screenById, progress, issuesOn, validateAll } from './navigation';
export { rewriteChoiceFilter } from './choice-filter';
export { interpolate, resolveCell } from './interpolate';
