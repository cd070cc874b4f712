// The one check of a record that arrives from elsewhere (a bundle, a sync pull, a
// server's version on push), whatever its kind: safe JSON first, then the shape
// upgrade, then the kind's schema, then what needs more than the record to judge (the
// expressions of a computed indicator, the answers against their form). A record that
// passes is plain data the merge and the screens can use as it is.

import * as v from 'valibot';
import type { Envelope, FormData, Kind } from '../types';
import { LOCAL_FIELDS } from '../types';
import { upgradeRecord } from '../record-upgrade';
import { answersProblem } from './answers';
import { RECORD_KINDS } from './envelope';
import { FormSchema } from './form';
import { definitionExpressions, IndicatorSchema } from './indicator';
import { LIMITS } from './limits';
import { OutcomeSchema } from './outcome';
import { ProjectSchema } from './project';
import type { Refusal } from './refusal';
import { ResponseSchema } from './response';
import { certainlyValidResponse } from './response-fast';
import { EntitySchema } from './entity';
import { jsonProblem, type Problem } from './safe-json';

export interface CheckContext {
  /** The form a response was given to, when it is on the device (or in the same bundle). */
  form?: (formId: string, version: string) => Pick<FormData, 'questions'> | undefined;
  /** Whether an XLSForm expression parses (lib/forms/expr): domain code cannot parse them itself. */
  expression?: (source: string) => boolean;
  /**
   * The record comes in shape 1 (a bundle of format 1). Server documents carry their
   * shape on themselves and come through sync/documents.ts fromDoc, upgraded already.
   */
  shape1?: boolean;
}

export type CheckResult = { ok: true; record: Envelope } | { ok: false; refusal: Refusal };

const SCHEMAS = {
  project: ProjectSchema,
  outcome: OutcomeSchema,
  indicator: IndicatorSchema,
  form: FormSchema,
  response: ResponseSchema,
  entity: EntitySchema,
} as const satisfies Record<Kind, unknown>;

const LOCAL = new Set<string>(LOCAL_FIELDS);
const CONTROL = /[\u0000-\u001f\u007f]/g;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Shape 1 records become shape 2 after the safe-JSON walk and before the schema. */
const upgrade = (record: Record<string, unknown>, context: CheckContext): Record<string, unknown> =>
  context.shape1 ? upgradeRecord(record) : record;

/** What a person recognises a record by: its code, else its title or name, else its form, else (an entity) its label. */
export function recordLabel(raw: unknown): string | undefined {
  if (!isObject(raw)) return undefined;
  const plain = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  // A code is text; a title or name is text by language: one level, however hostile the record.
  const text = (value: unknown) => plain(value) ?? (isObject(value) ? Object.values(value).map(plain).find(Boolean) : undefined);
  const label = text(raw.code) ?? text(raw.title) ?? text(raw.name) ?? text(raw.formId) ?? text(raw.label);
  return label === undefined ? undefined : label.slice(0, 80).replace(CONTROL, ' ');
}

const readableId = (raw: Record<string, unknown>) =>
  typeof raw.id === 'string' ? raw.id.slice(0, LIMITS.name).replace(CONTROL, ' ') : undefined;

/** A refusal naming the record, as far as it can be read. */
export function refusalOf(raw: unknown, problem: Problem): Refusal {
  const record = isObject(raw) ? raw : {};
  const kind = (RECORD_KINDS as readonly unknown[]).includes(record.kind) ? (record.kind as string) : undefined;
  return { ...problem, kind, recordId: readableId(record), label: recordLabel(raw) };
}

function schemaProblem(issues: readonly v.BaseIssue<unknown>[]): Problem {
  // A union (an answer: text or instances) names its own field, unless one of its
  // options got further into the value: then that option's issue is more precise.
  // (The options' issues have paths relative to the union's value.)
  let issue = issues[0];
  const path: string[] = [];
  for (;;) {
    const further = issue.type === 'union' ? issue.issues?.filter((inner) => (inner.path?.length ?? 0) > 0) : undefined;
    if (!further || further.length !== 1) break;
    path.push(...(issue.path ?? []).map((item) => String(item.key)));
    issue = further[0];
  }
  const field = [...path, ...(issue.path ?? []).map((item) => String(item.key))].join('/');
  if (issue.kind === 'validation') {
    if (issue.type === 'max_length') return { reason: 'tooLong', field, params: { max: Number(issue.requirement) } };
    return { reason: 'badFormat', field, params: {} };
  }
  if (issue.input === undefined) return { reason: 'missing', field, params: {} };
  if (issue.type === 'picklist' || issue.type === 'literal' || issue.type === 'variant') {
    return { reason: 'unknownValue', field, params: {} };
  }
  return { reason: 'wrongType', field, params: {} };
}

/**
 * The record, if it may be stored, or why not. The record is returned as it came (after
 * the upgrade), local fields included: the caller decides which to keep (a bundle drops
 * the other device's, a pull sets the server revision).
 */
export function checkRecord(raw: unknown, context: CheckContext = {}): CheckResult {
  const refuse = (problem: Problem): CheckResult => ({ ok: false, refusal: refusalOf(raw, problem) });
  if (!isObject(raw)) return refuse({ reason: 'notObject', field: '', params: {} });
  const unsafe = jsonProblem(raw, (field) => (raw.kind === 'form' && field === 'attachments' ? LIMITS.attachment : LIMITS.string));
  if (unsafe) return refuse(unsafe);
  const record = upgrade(raw, context);
  if (!(RECORD_KINDS as readonly unknown[]).includes(record.kind)) return refuse({ reason: 'unknownKind', field: 'kind', params: {} });
  const kind = record.kind as keyof typeof SCHEMAS;
  // The common well-formed response skips the schema (response-fast.ts); it names no
  // local field, so it reads the record as it is.
  let output: unknown = record;
  if (kind !== 'response' || !certainlyValidResponse(record)) {
    const replicated: Record<string, unknown> = {};
    for (const key of Object.keys(record)) if (!LOCAL.has(key)) replicated[key] = record[key];
    const parsed = v.safeParse(SCHEMAS[kind], replicated, { abortEarly: true });
    if (!parsed.success) return refuse(schemaProblem(parsed.issues));
    output = parsed.output;
  }

  if (kind === 'indicator' && context.expression) {
    const def = (output as v.InferOutput<typeof IndicatorSchema>).computed;
    for (const [field, source] of def ? definitionExpressions(def) : []) {
      if (!context.expression(source)) return refuse({ reason: 'badExpression', field, params: {} });
    }
  }
  if (kind === 'response' && context.form) {
    const response = output as v.InferOutput<typeof ResponseSchema>;
    const form = context.form(response.formId, response.formVersion);
    const wrong = form && answersProblem(response.answers, form);
    if (wrong) return refuse(wrong);
  }
  return { ok: true, record: record as unknown as Envelope };
}
