// A survey response (types.ts ResponseData): answers as ODK stores them (text, or a
// repeat's instances, each an object of answers with its stable id under INSTANCE_ID,
// or a captured file's description), the correction history, where it was collected.

import * as v from 'valibot';
import { isSha256Hex } from '../file-hash';
import { FiniteNumber, IsoTime, Name, Short, Text } from './common';
import { EnvelopeEntries } from './envelope';
import { LIMITS } from './limits';

interface FileInput {
  hash: string;
  name: string;
  type: string;
  size: number;
}
type AnswerInput = string | FileInput | { [name: string]: AnswerInput }[];

/**
 * A captured file (types.ts FileAnswer): its SHA-256, name, MIME type and size in bytes.
 * An array is not taken for one (valibot's object accepts arrays): a bad repeat's
 * problem stays named at its own field, not at the whole answer.
 */
export const FileAnswerSchema = v.pipe(
  v.custom<FileInput>((value) => typeof value === 'object' && value !== null && !Array.isArray(value)),
  v.object({
    hash: v.pipe(v.string(), v.check((s) => isSha256Hex(s))),
    name: Name,
    type: Short,
    size: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  }),
);

/**
 * An answer is text (a number, a date, a point: all written as text), a list of repeat
 * instances, or a file (only where the form's question is a media one: answers.ts).
 */
const AnswerValue: v.GenericSchema<AnswerInput> = v.union([
  v.pipe(v.string(), v.maxLength(LIMITS.string)),
  v.array(v.lazy(() => Answers)),
  FileAnswerSchema,
]);
const Answers: v.GenericSchema<{ [name: string]: AnswerInput }> = v.record(Text, AnswerValue);

const Edit = v.looseObject({
  id: v.optional(Name),
  at: IsoTime,
  by: Text,
  question: Text,
  oldValue: v.nullable(AnswerValue),
  newValue: v.nullable(AnswerValue),
});

const Location = v.looseObject({
  latitude: v.pipe(FiniteNumber, v.minValue(-90), v.maxValue(90)),
  longitude: v.pipe(FiniteNumber, v.minValue(-180), v.maxValue(180)),
  accuracy: v.optional(v.pipe(FiniteNumber, v.minValue(0))),
});

export const ResponseSchema = v.looseObject({
  ...EnvelopeEntries,
  kind: v.literal('response'),
  formId: Name,
  formVersion: Short,
  projectId: v.optional(v.nullable(Name)),
  status: v.optional(v.picklist(['draft', 'finalized'])),
  answers: Answers,
  startedAt: v.optional(IsoTime),
  finalizedAt: v.optional(v.nullable(IsoTime)),
  enumerator: v.optional(Text),
  device: v.optional(Short),
  location: v.optional(v.nullable(Location)),
  history: v.optional(v.array(Edit)),
  cursor: v.optional(Text),
});
