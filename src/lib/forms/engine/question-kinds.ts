// Which questions the enumerator sees. Metadata is filled in by the device; `hidden`
// keeps its default without a widget; external instances hold no answer at all.
import type { MetadataType, Question } from '../../domain/types';
import { isContainer, METADATA_TYPES } from '../model';

const NOT_SHOWN = new Set<string>([...METADATA_TYPES, 'calculate', 'hidden', 'xml-external', 'csv-external', 'background-audio']);

/** Metadata: recorded without being asked. */
export function isDeviceFilled(q: Question): boolean {
  return (METADATA_TYPES as readonly string[]).includes(q.type);
}

/** Whether a question gets a widget (groups and repeats always show). */
export function isShown(q: Question): boolean {
  return isContainer(q) || !NOT_SHOWN.has(q.type);
}

/** What browsers cannot give (SIM serial, subscriber id): always left empty. */
export const UNREADABLE_TYPES: readonly MetadataType[] = ['simserial', 'subscriberid'];
