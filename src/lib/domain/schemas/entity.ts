// An entity (types.ts EntityData): a worker or household of a list, its properties as
// text, and the visits (responses) that created and changed it.

import * as v from 'valibot';
import { Clock, IsoTime, Name, Short, Text, TextMap } from './common';
import { EnvelopeEntries } from './envelope';
import { entityRecordId } from '../types';

/** List names are XML names (the importer checks them), so never hold the id's ":". */
export const ListName = v.pipe(Name, v.regex(/^[\p{L}_][\p{L}\p{N}_.-]*$/u));

const Visit = v.looseObject({
  id: Name,
  responseId: Name,
  formId: Name,
  formVersion: Short,
  action: v.picklist(['create', 'update']),
  at: IsoTime,
  by: Text,
  hlc: Clock,
  set: TextMap,
  seen: v.record(Short, Clock),
});

export const EntitySchema = v.pipe(
  v.looseObject({
    ...EnvelopeEntries,
    kind: v.literal('entity'),
    list: ListName,
    entityId: Name,
    label: Text,
    properties: TextMap,
    visits: v.array(Visit),
  }),
  // The id is the list and the entity's id: one entity cannot pose as another, nor as
  // another list's. Named at `id`, so that the refusal says which field is wrong.
  v.forward(
    v.check((e) => e.id === entityRecordId(e.list, e.entityId)),
    ['id'],
  ),
);
