// A project (types.ts ProjectData). Code and title are what every screen shows it by;
// the other fields may be missing on records written by older versions, never wrong.

import * as v from 'valibot';
import { FiniteNumber, IsoDateOrEmpty, Localized, Short, Text } from './common';
import { EnvelopeEntries } from './envelope';

const LinkedItem = v.looseObject({
  type: v.picklist(['project', 'outcome']),
  code: Short,
  title: Localized,
  start: IsoDateOrEmpty,
  end: IsoDateOrEmpty,
  country: Short,
});

export const ProjectSchema = v.looseObject({
  ...EnvelopeEntries,
  kind: v.literal('project'),
  code: Short,
  title: Localized,
  description: v.optional(Localized),
  country: v.optional(Short),
  region: v.optional(Text),
  status: v.optional(v.picklist(['pipeline', 'active', 'closed'])),
  start: v.optional(IsoDateOrEmpty),
  end: v.optional(IsoDateOrEmpty),
  budget: v.optional(v.nullable(v.looseObject({ amount: FiniteNumber, currency: Short }))),
  funding: v.optional(Text),
  partners: v.optional(v.array(Text)),
  sdgTargets: v.optional(v.array(Short)),
  links: v.optional(v.array(LinkedItem)),
});
