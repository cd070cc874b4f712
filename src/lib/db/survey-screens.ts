// What the survey screens (responses list, response view, form import) need from storage.
export { pageResponses, countResponses, filterChoices, readListScreen, watchListScreen, latestDrafts } from './response-queries';
export type { ResponseFilter, ResponseCursor, ResponsePage, ResponseRow, ListScreen, LatestDrafts, FilterChoices } from './response-queries';
export { formVersions, formForResponse, saveImportedForm, compareVersionsDesc, declaredEntityLists } from './forms';
export type { SaveFormResult } from './forms';
export { RESPONSE_INDEX_FIELDS, DEPARTMENT_QUESTIONS, departmentOf } from './response-index';
