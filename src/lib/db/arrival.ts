// What checkRecord needs from this device to judge records arriving from elsewhere:
// the forms their responses were given to, and the expression parser for computed
// indicators (a definition that does not parse is refused on arrival with its field,
// rather than stored and shown as a figure that cannot be computed).

import { checkRecord, type CheckContext } from '../domain/schemas';
import type { Envelope, FormData } from '../domain/types';
import { parseExpression } from '../forms/expr';
import type { PisoDatabase } from './database';
import type { RefusedArrival } from './quarantine';

const formKey = (formId: string, version: string) => JSON.stringify([formId, version]);

export function parses(source: string): boolean {
  try {
    parseExpression(source);
    return true;
  } catch {
    return false;
  }
}

/** A form list that a batch's accepted forms join as they pass, in front of the device's. */
export class ArrivalForms {
  readonly #forms = new Map<string, Pick<FormData, 'questions'>>();

  /** Adds a form (an accepted one of the batch, or one read from the device). */
  add(form: Pick<FormData, 'formId' | 'version' | 'questions'>): void {
    this.#forms.set(formKey(form.formId, form.version), form);
  }

  has(formId: string, version: string): boolean {
    return this.#forms.has(formKey(formId, version));
  }

  context(): CheckContext {
    return { form: (formId, version) => this.#forms.get(formKey(formId, version)), expression: parses };
  }
}

/**
 * Reads, into `forms`, the device's versions of the forms these (formId, version) pairs
 * name and that `forms` lacks. Call within the transaction that stores the batch, with
 * the forms table in it.
 */
export async function loadArrivalForms(db: PisoDatabase, forms: ArrivalForms, wanted: Iterable<[string, string]>): Promise<void> {
  const keys = new Map<string, [string, string]>();
  for (const [formId, version] of wanted) if (!forms.has(formId, version)) keys.set(formKey(formId, version), [formId, version]);
  if (keys.size === 0) return;
  const found = await db.forms.where('[formId+version]').anyOf([...keys.values()]).toArray();
  // A form deleted here still holds the questions its responses were given to.
  for (const form of found) if (Array.isArray(form.questions)) forms.add(form as unknown as FormData);
}

/**
 * A batch of records from elsewhere (a pulled page, the server's versions on push),
 * checked: forms first, so that the batch's responses are checked against the batch's
 * forms as well as the device's. Call within the transaction that stores the accepted
 * ones, with the forms table in it. Order is kept.
 */
export async function checkArrivals(db: PisoDatabase, records: readonly Envelope[]): Promise<{ accepted: Envelope[]; refused: RefusedArrival[] }> {
  const forms = new ArrivalForms();
  const verdicts = new Map<Envelope, ReturnType<typeof checkRecord>>();
  for (const record of records) {
    if (record.kind !== 'form') continue;
    const verdict = checkRecord(record);
    verdicts.set(record, verdict);
    if (verdict.ok) forms.add(record as unknown as FormData);
  }
  const responses = records.filter((r) => r.kind === 'response') as unknown as Record<string, unknown>[];
  await loadArrivalForms(
    db,
    forms,
    responses.filter((r) => typeof r.formId === 'string' && typeof r.formVersion === 'string').map((r) => [r.formId as string, r.formVersion as string]),
  );
  const context = forms.context();
  const accepted: Envelope[] = [];
  const refused: RefusedArrival[] = [];
  for (const record of records) {
    const verdict = verdicts.get(record) ?? checkRecord(record, context);
    if (verdict.ok) accepted.push(verdict.record);
    else refused.push({ refusal: verdict.refusal, text: JSON.stringify(record) });
  }
  return { accepted, refused };
}
