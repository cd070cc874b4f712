// An outcome of a project (types.ts OutcomeData).

import * as v from 'valibot';
import { IsoDateOrEmpty, Localized, Name, Short } from './common';
import { EnvelopeEntries } from './envelope';

export const OutcomeSchema = v.looseObject({
  ...EnvelopeEntries,
  kind: v.literal('outcome'),
  projectId: Name,
  code: Short,
  title: v.optional(Localized),
  start: v.optional(IsoDateOrEmpty),
  end: v.optional(IsoDateOrEmpty),
  country: v.optional(Short),
  type: v.optional(v.picklist(['output', 'outcome', 'impact'])),
});
