// A form (types.ts FormData): its questions (groups and repeats holding more), choice
// lists, attachments, entities and the import's warnings.

import * as v from 'valibot';
import type { QuestionType } from '../types';
import { Expression, Localized, Name, Short, Text, TextMap } from './common';
import { EnvelopeEntries } from './envelope';
import { LIMITS } from './limits';

/** Every type a question that holds an answer (or shows a note) may have. */
export const FIELD_TYPES = [
  'text', 'integer', 'decimal', 'range', 'select_one', 'select_multiple', 'rank', 'date', 'time', 'datetime',
  'geopoint', 'geotrace', 'geoshape', 'barcode', 'image', 'audio', 'video', 'file', 'background-audio', 'note',
  'calculate', 'hidden', 'acknowledge', 'xml-external', 'csv-external',
  'start', 'end', 'today', 'deviceid', 'username', 'phonenumber', 'email', 'simserial', 'subscriberid', 'audit',
  'start-geopoint', 'background-geopoint',
] as const satisfies readonly Exclude<QuestionType, 'group' | 'repeat'>[];

const RequiredOrExpression = v.union([v.boolean(), Expression]);

const commonEntries = {
  name: Name,
  label: v.optional(Localized),
  hint: v.optional(Localized),
  guidanceHint: v.optional(Localized),
  relevant: v.optional(Expression),
  appearance: v.optional(Text),
  media: v.optional(
    v.looseObject({
      image: v.optional(Localized),
      'big-image': v.optional(Localized),
      audio: v.optional(Localized),
      video: v.optional(Localized),
    }),
  ),
  extraAttributes: v.optional(TextMap),
};

const FieldQuestion = v.looseObject({
  ...commonEntries,
  type: v.picklist(FIELD_TYPES),
  required: v.optional(RequiredOrExpression),
  requiredMessage: v.optional(Localized),
  constraint: v.optional(Expression),
  constraintMessage: v.optional(Localized),
  default: v.optional(Text),
  readOnly: v.optional(RequiredOrExpression),
  calculation: v.optional(Expression),
  trigger: v.optional(v.array(Name)),
  listName: v.optional(Name),
  itemset: v.optional(v.looseObject({ file: Short, value: Short, label: Short, display: v.optional(v.record(Short, v.array(Short))) })),
  orOther: v.optional(v.boolean()),
  choiceFilter: v.optional(Expression),
  parameters: v.optional(TextMap),
  saveTo: v.optional(Short),
});

type QuestionInput = v.InferInput<typeof FieldQuestion> | { type: 'group' | 'repeat'; children: QuestionInput[] };

const Question: v.GenericSchema<QuestionInput> = v.variant('type', [
  FieldQuestion,
  v.looseObject({
    ...commonEntries,
    type: v.picklist(['group', 'repeat']),
    children: v.array(v.lazy(() => Question)),
    repeatCount: v.optional(Expression),
  }),
]);

const Choice = v.looseObject({ name: Text, label: Localized, extra: v.optional(TextMap) });

const FormIssue = v.looseObject({
  code: Short,
  sheet: v.optional(Text),
  row: v.optional(v.number()),
  column: v.optional(Short),
  header: v.optional(Text),
  params: v.optional(v.record(Short, v.union([Text, v.number()]))),
});

const AttachmentContent = v.pipe(v.string(), v.maxLength(LIMITS.attachment));
const Attachment = v.looseObject({
  name: Text,
  type: Short,
  text: v.optional(AttachmentContent),
  base64: v.optional(AttachmentContent),
});

const Entity = v.looseObject({
  listName: Name,
  label: v.optional(Expression),
  entityId: v.optional(Expression),
  createIf: v.optional(Expression),
  updateIf: v.optional(Expression),
  repeat: v.optional(Name),
});

export const FormSchema = v.looseObject({
  ...EnvelopeEntries,
  kind: v.literal('form'),
  formId: Name,
  version: Short,
  title: v.optional(Localized),
  languages: v.optional(v.array(Short)),
  defaultLanguage: v.optional(Short),
  questions: v.array(Question),
  choices: v.record(Text, v.array(Choice)),
  warnings: v.optional(v.array(FormIssue)),
  projectId: v.optional(v.nullable(Name)),
  attachments: v.optional(v.array(Attachment)),
  entities: v.optional(v.array(Entity)),
  instanceName: v.optional(Expression),
});
