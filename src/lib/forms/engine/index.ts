/**
 * The form engine: a form being filled, pure TypeScript (no Svelte, no storage).
 * A FormSession holds the answers and keeps relevance, calculations, constraints,
 * choice filters and repeats up to date; navigation pages it into screens.
 */
export { FormSession, Cell, Scope } from './session';
export type { ChangeListener, SessionEnv } from './session';
export type { Node, Facet, CompiledForm } from './compile';
export { compileForm, triggersOf } from './compile';
export type { Screen, Paging } from './screens';
export { isScreenRelevant, isFieldList } from './screens';
export { issueOf, collectIssues } from './validate';
export type { Issue, IssueKey } from './validate';
export { pagingOf, nextScreen, previousScreen, screenById, progress, issuesOn, validateAll } from './navigation';
export { rewriteChoiceFilter } from './choice-filter';
export { interpolate, resolveCell } from './interpolate';
export { withOrOther, specifiedSelect, isMadeOtherChoice, specifyName, OTHER_CHOICE } from './or-other';
export { isShown, isDeviceFilled, UNREADABLE_TYPES } from './question-kinds';
export { appearances, hasAppearance, columnsOf, widthOf, isHonoured, HONOURED_APPEARANCES } from './appearance';
export { rangeOf, rangeValues, isInRange } from './range';
export type { RangeSpec } from './range';
export { parsePoint, formatPoint, parsePath, formatPath, pathVertices, isValidPath } from './geo';
export type { GeoPoint } from './geo';
export { appendAudit, parseAudit, AUDIT_HEADER } from './audit-log';
export type { AuditRow, AuditEvent } from './audit-log';
export { AuditTrail, auditTrail } from './audit';
export { answerText, referenceText, FILE_TYPES } from './answer-text';
export type { AnswerWords } from './answer-text';
export { labelMedia } from './media';
export type { LabelMedia } from './media';
export { choicesOfQuestion } from './choice-source';
export { entityActions, entityListsOf, entitySelectOf } from './entity-actions';
