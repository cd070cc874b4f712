// One schema per kind of record, and the one check of what arrives from elsewhere.
export { checkRecord, recordLabel, refusalOf } from './check-record';
export type { CheckContext, CheckResult } from './check-record';
export type { Refusal, RefusalReason } from './refusal';
export { answersProblem } from './answers';
export { LIMITS } from './limits';
export { RECORD_KINDS } from './envelope';
