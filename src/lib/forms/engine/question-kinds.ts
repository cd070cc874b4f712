// Which questions the enumerator sees. Metadata is filled in by the device; `hidden`
// keeps its default without a widget; external instances hold no answer at all.
import type { MetadataType, Question } from '../../domain/types';
import { isContainer } from '../model';

/**
 * Every metadata type of XLSForm. (lib/forms/model.ts's METADATA_TYPES still lists
 * only the five the importer knew; once it lists them all, this list can be it.)
 */
export const DEVICE_TYPES: readonly MetadataType[] = [
  'start',
  'end',
  'today',
  'deviceid',
  'username',
  'phonenumber',
  'email',
  'simserial',
  'subscriberid',
  'audit',
  'start-geopoint',
  'background-geopoint',
];

const NOT_SHOWN = new Set<string>([...DEVICE_TYPES, 'calculate', 'hidden', 'xml-external', 'csv-external', 'background-audio']);

/** Metadata: recorded without being asked. */
export function isDeviceFilled(q: Question): boolean {
  return (DEVICE_TYPES as readonly string[]).includes(q.type);
}

/** Whether a question gets a widget (groups and repeats always show). */
export function isShown(q: Question): boolean {
  return isContainer(q) || !NOT_SHOWN.has(q.type);
}

/** What browsers cannot give (SIM serial, subscriber id): always left empty. */
export const UNREADABLE_TYPES: readonly MetadataType[] = ['simserial', 'subscriberid'];
