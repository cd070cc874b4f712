// The envelope every record carries (types.ts Envelope). Field clocks are checked as
// clocks; their keys only as bounded strings, since a field's clock may name a part of
// it ("answers/<path>", "history/<id>", "periods/<...>").

import * as v from 'valibot';
import { Clock, IsoTime, Name } from './common';
import { LIMITS } from './limits';

export const RECORD_KINDS = ['project', 'outcome', 'indicator', 'form', 'response', 'entity'] as const;

export const EnvelopeEntries = {
  id: Name,
  kind: v.picklist(RECORD_KINDS),
  hlc: Clock,
  fieldHlc: v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.key)), Clock),
  deviceId: Name,
  createdAt: IsoTime,
  updatedAt: IsoTime,
  deleted: v.boolean(),
};
