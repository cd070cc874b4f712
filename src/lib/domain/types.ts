// Pure types shared by every layer. No I/O here.

/** Languages the interface ships in. Stored text may carry others (forms). */
export const UI_LANGUAGES = ['es', 'en', 'fr'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Text stored in several languages, keyed by BCP 47 code ("es", "en", "fr", ...). */
export type LocalizedText = Record<string, string>;

export type Kind = 'project' | 'outcome' | 'indicator' | 'form' | 'response';

/**
 * The envelope every stored record carries (DESIGN.md "Data model").
 * Replicated fields travel in bundles and sync; `serverRev` and `dirty` are
 * local bookkeeping of one device and never take part in a merge.
 */
export interface Envelope {
  id: string;
  kind: Kind;
  /** Clock of the last change: the greatest value in fieldHlc. */
  hlc: string;
  /** Clock of the last change of each data field, and of `deleted`. */
  fieldHlc: Record<string, string>;
  /** Device that made the last change (the device part of `hlc`). */
  deviceId: string;
  createdAt: string;
  updatedAt: string;
  /** Tombstone: deletions travel like edits. */
  deleted: boolean;
  /** Server revision (CouchDB `_rev`) last seen for this record; local only. */
  serverRev?: string;
  /** 1 when changed since the last sync; a number so IndexedDB can index it. Local only. */
  dirty: 0 | 1;
}

/** Fields of the envelope; everything else in a record is data, merged field by field. */
export const ENVELOPE_FIELDS = [
  'id',
  'kind',
  'hlc',
  'fieldHlc',
  'deviceId',
  'createdAt',
  'updatedAt',
  'deleted',
  'serverRev',
  'dirty',
] as const;
export const LOCAL_FIELDS = ['serverRev', 'dirty'] as const;

export type StoredRecord<K extends Kind, D> = Envelope & { kind: K } & D;

export type ProjectStatus = 'pipeline' | 'active' | 'closed';

export interface Money {
  amount: number;
  currency: string;
}

/** A project or country programme outcome shown on a project's timeline. */
export interface LinkedItem {
  type: 'project' | 'outcome';
  code: string;
  title: LocalizedText;
  start: string; // ISO date
  end: string; // ISO date
  country: string; // ISO 3166-1 alpha-2
}

export interface ProjectData {
  code: string;
  title: LocalizedText;
  description: LocalizedText;
  country: string; // ISO 3166-1 alpha-2
  region: string;
  status: ProjectStatus;
  start: string; // ISO date, planned start
  end: string; // ISO date, planned end
  budget: Money | null;
  funding: string;
  partners: string[];
  sdgTargets: string[];
  links: LinkedItem[];
}

export type OutcomeType = 'output' | 'outcome' | 'impact';

export interface OutcomeData {
  projectId: string;
  code: string;
  title: LocalizedText;
  start: string;
  end: string;
  country: string;
  type: OutcomeType;
}

export type Project = StoredRecord<'project', ProjectData>;
export type Outcome = StoredRecord<'outcome', OutcomeData>;

/** The data fields of a stored record, without its envelope: what a screen edits. */
export type DataOf<T extends Envelope> = Omit<T, keyof Envelope>;

/** A record of a kind whose data type is not written yet (indicator, form, response). */
export type AnyRecord = Envelope & Record<string, unknown>;
