import type { FormIssue } from '../../domain/types';

/** Where a problem is: enough for the UI to say "sheet survey, row 12, column F (relevant)". */
export type Place = Pick<FormIssue, 'sheet' | 'row' | 'column' | 'header'>;

/** Collects errors (the form cannot be used) and warnings (something was left out). */
export class Issues {
  readonly errors: FormIssue[] = [];
  readonly warnings: FormIssue[] = [];
  /** A loop's rows are read once per choice: the same issue in the same cell is told once. */
  private readonly told = new Set<string>();

  error(code: string, place: Place, params?: FormIssue['params']): void {
    this.add(this.errors, issue(code, place, params));
  }

  warn(code: string, place: Place, params?: FormIssue['params']): void {
    this.add(this.warnings, issue(code, place, params));
  }

  private add(list: FormIssue[], found: FormIssue): void {
    const key = JSON.stringify(found);
    if (this.told.has(key)) return;
    this.told.add(key);
    list.push(found);
  }
}

function issue(code: string, place: Place, params?: FormIssue['params']): FormIssue {
  // Only the keys that are set, so that issues compare and serialize cleanly.
  const out: FormIssue = { code };
  if (place.sheet !== undefined) out.sheet = place.sheet;
  if (place.row !== undefined) out.row = place.row;
  if (place.column !== undefined) out.column = place.column;
  if (place.header !== undefined) out.header = place.header;
  if (params && Object.keys(params).length) out.params = params;
  return out;
}
