// Why a record was refused, in terms a screen can translate: a reason (an i18n key
// under "record.problem."), the field it names and the record it is, as far as the
// record could be read.

export type RefusalReason =
  /** A bundle line that is not JSON. */
  | 'notJson'
  /** JSON, but not an object. */
  | 'notObject'
  | 'unknownKind'
  /** The same record twice in one bundle. */
  | 'duplicate'
  /** `__proto__`, `constructor` or `prototype` as a key: params {key}. */
  | 'forbiddenKey'
  /** A string or key past its limit: params {max}. */
  | 'tooLong'
  | 'tooDeep'
  | 'missing'
  | 'wrongType'
  /** Not one of the values the field may hold. */
  | 'unknownValue'
  /** A clock, time, date or number out of its format or range. */
  | 'badFormat'
  /** An expression (computed indicator) that does not parse. */
  | 'badExpression'
  /** An answer that the form's question cannot hold: params {type} (the question's type). */
  | 'answerType';

export interface Refusal {
  reason: RefusalReason;
  /** The field, as a '/' path from the record ("answers/member/0/age"); '' for the record itself. */
  field: string;
  params: Record<string, string | number>;
  kind?: string;
  recordId?: string;
  /** The record's code or title, when it could be read: what a person recognises it by. */
  label?: string;
}
