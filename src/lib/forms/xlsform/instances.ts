// The secondary instances a form declares, by name, as pyxform writes them into the
// XForm: a select_*_from_file or an xml-/csv-external question declares its file under
// the file's stem, pulldata('name', …) declares name.csv, and every list of the choices
// sheet declares itself (from the form, no file). One name for two different sources
// is an XForm with two instances of one id: pyxform refuses it, so does Piso.

import { filesRead } from './expressions';
import type { Issues, Place } from './issues';
import type { SurveyResult } from './survey';

export function checkInstanceNames(result: SurveyResult, choiceLists: readonly string[], issues: Issues): void {
  // What declares each name first: its file, or null for a choices-sheet list.
  const declared = new Map<string, string | null>();
  const uses: { name: string; source: string; place: Place }[] = [];
  for (const { file, place, instance } of result.files) {
    if (instance) uses.push({ name: file.replace(/\.[^.]*$/, ''), source: file, place });
  }
  for (const e of result.expressions) {
    for (const name of filesRead(e.src).pulldata) uses.push({ name, source: `${name}.csv`, place: e.place });
  }
  // A list that search() reads from a CSV is not written out as an instance (pyxform's
  // used_by_search), so it clashes with nothing.
  const searched = new Set(result.searches.map((s) => s.question.listName));
  const reported = new Set<string>();
  for (const { name, source, place } of uses) {
    const first = declared.get(name) ?? (choiceLists.includes(name) && !searched.has(name) ? null : undefined);
    if (first === undefined) declared.set(name, source);
    else if (first !== source && !reported.has(name)) {
      reported.add(name);
      issues.error('xlsform.instanceNameClash', place, { name, first: first ?? 'choices', second: source });
    }
  }
}
