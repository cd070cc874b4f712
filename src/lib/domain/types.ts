// Pure types shared by every layer. No I/O here.

/** Languages the interface ships in. Stored text may carry others (forms). */
export const UI_LANGUAGES = ['es', 'en', 'fr'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Text stored in several languages, keyed by BCP 47 code ("es", "en", "fr", ...). */
export type LocalizedText = Record<string, string>;

export type Kind = 'project' | 'outcome' | 'indicator' | 'form' | 'response' | 'entity';

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
  /** This device's change number of the record's last write (lib/db/change-seq.ts). Local only. */
  seq?: number;
}

/**
 * Fields one device keeps for itself: never merged, never sent in bundles or sync.
 * serverRev and dirty are sync bookkeeping; ixLive and ixDepartment mirror response
 * data into indexable form (lib/db/response-index.ts recomputes them on every write);
 * seq is this device's change number (lib/db/change-seq.ts).
 */
export const LOCAL_FIELDS = ['serverRev', 'dirty', 'ixLive', 'ixDepartment', 'ixFiles', 'seq'] as const;

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
  ...LOCAL_FIELDS,
] as const;

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

// ---- Forms (DESIGN.md "Forms"); helpers live in lib/forms/model.ts ----

/** Question types; `group` and `repeat` hold children, metadata types are filled in by the device. */
export type QuestionType =
  | 'text'
  | 'integer'
  | 'decimal'
  | 'range'
  | 'select_one'
  | 'select_multiple'
  | 'rank'
  | 'date'
  | 'time'
  | 'datetime'
  | 'geopoint'
  | 'geotrace'
  | 'geoshape'
  | 'barcode'
  | 'image'
  | 'audio'
  | 'video'
  | 'file'
  | 'background-audio'
  | 'note'
  | 'calculate'
  | 'hidden'
  | 'acknowledge'
  | 'xml-external'
  | 'csv-external'
  | 'group'
  | 'repeat'
  | MetadataType;

/** XLSForm metadata: recorded without being asked (times, device, user, phone, audit log). */
export type MetadataType =
  | 'start'
  | 'end'
  | 'today'
  | 'deviceid'
  | 'username'
  | 'phonenumber'
  | 'email'
  | 'simserial'
  | 'subscriberid'
  | 'audit'
  | 'start-geopoint'
  | 'background-geopoint';

/** Fields every question, group and repeat may have. Expressions are XLSForm source text. */
interface QuestionCommon {
  name: string;
  label?: LocalizedText;
  hint?: LocalizedText;
  guidanceHint?: LocalizedText;
  relevant?: string;
  appearance?: string;
  /** Media shown with the label, per language: file names of the form's attachments. */
  media?: Partial<Record<'image' | 'big-image' | 'audio' | 'video', LocalizedText>>;
  /**
   * Columns pyxform passes into the XForm that Piso keeps but does not act on
   * (`bind::`, `body::`, `instance::` custom attributes), by their header.
   */
  extraAttributes?: Record<string, string>;
}

/** A question that holds an answer (or shows a note). */
export interface FieldQuestion extends QuestionCommon {
  type: Exclude<QuestionType, 'group' | 'repeat'>;
  /** true, or an expression that makes the question required when true. */
  required?: boolean | string;
  requiredMessage?: LocalizedText;
  /** Checked against `.`, the answer; never on an empty answer. */
  constraint?: string;
  constraintMessage?: LocalizedText;
  /** A literal initial value, or (dynamic default) an expression evaluated once. */
  default?: string;
  readOnly?: boolean | string;
  calculation?: string;
  /** Recalculate `calculation` only when one of these questions changes (`trigger` column). */
  trigger?: string[];
  /** select_one / select_multiple / rank: the name of the list in FormData.choices. */
  listName?: string;
  /** select_*_from_file: the attachment the choices come from, and its value/label columns. */
  itemset?: {
    file: string;
    value: string;
    label: string;
    /**
     * The `search()` appearance: the columns each language shows, first as the label and
     * the others after it as ODK Collect does ("Lima (dept: LIM)"). Without it, `label`
     * and its `label::Language (code)` columns are shown.
     */
    display?: Record<string, string[]>;
  };
  /** select_one / select_multiple `or_other`: an "other" choice and its specify question. */
  orOther?: boolean;
  /** select_one / select_multiple: which choices to offer, evaluated per choice. */
  choiceFilter?: string;
  /** The `parameters` column, e.g. {start: '0', end: '10', step: '1'} or {'max-pixels': '1024'}. */
  parameters?: Record<string, string>;
  /** Entities: the entity property this answer is saved to (`save_to`). */
  saveTo?: string;
}
export interface ContainerQuestion extends QuestionCommon {
  type: 'group' | 'repeat';
  children: Question[];
  /** repeat only: an integer or an expression fixing the number of instances. */
  repeatCount?: string;
}

export type Question = FieldQuestion | ContainerQuestion;

export interface Choice {
  name: string;
  label: LocalizedText;
  /** Other columns of the choices sheet, which a choice_filter may read (e.g. `dept`). */
  extra?: Record<string, string>;
}

/**
 * A problem found in a form, pointing at its place in the spreadsheet. `code` is an
 * i18n key (e.g. 'xlsform.missingSheet'); `params` fill the message.
 */
export interface FormIssue {
  code: string;
  sheet?: string;
  /** 1-based, as the spreadsheet shows it. */
  row?: number;
  /** Column letter, as the spreadsheet shows it. */
  column?: string;
  /** The column's header, e.g. 'relevant'. */
  header?: string;
  params?: Record<string, string | number>;
}

/** A file attached to a form (choice lists, pulldata lookups, label media), stored with its version. */
export interface FormAttachment {
  /** The file name the form uses, e.g. "villages.csv". */
  name: string;
  /** MIME type, e.g. "text/csv", "application/geo+json", "image/png". */
  type: string;
  /** Text files (csv, xml, geojson) are kept as text; others as base64. */
  text?: string;
  base64?: string;
}

/** One row of the `entities` sheet: which list a response creates or updates entities in, and when. */
export interface EntityDeclaration {
  listName: string;
  label?: string;
  entityId?: string;
  createIf?: string;
  updateIf?: string;
  /**
   * The repeat whose instances each make an entity (spec 2025.1.0), as the importer places
   * the declaration from its save_to questions and references (pyxform ignores the sheet's
   * `repeat` column, and so does Piso).
   */
  repeat?: string;
}

export interface FormData {
  /** XLSForm settings form_id: with `version`, what a response points to. */
  formId: string;
  version: string;
  title: LocalizedText;
  /** Codes of the languages the form's texts are in, default first. */
  languages: string[];
  defaultLanguage: string;
  questions: Question[];
  /** Choice lists by list name. */
  choices: Record<string, Choice[]>;
  /** What the import could not carry over (unsupported columns, types, functions). */
  warnings: FormIssue[];
  /** The project whose responses this form collects, if any (copied to each response). */
  projectId?: string | null;
  /** Files that came with the form (.csv, .xml, .geojson, media). */
  attachments?: FormAttachment[];
  /** The `entities` sheet, if the form has one. */
  entities?: EntityDeclaration[];
  /** settings `instance_name`: an expression naming each response. */
  instanceName?: string;
}

export type Form = StoredRecord<'form', FormData>;

// ---- Responses ----

/**
 * The key under which each repeat instance keeps its stable id (never reused, never its
 * position), so that merges match instances by id. No question can be named so: a name
 * is an XML name, and "#" cannot be in one.
 */
export const INSTANCE_ID = '#id';

/** An answer as ODK stores it (select_multiple: space-separated names), a repeat's instances, or a file. */
/**
 * A captured file (photo, audio, video, signature, drawing, any file) as its answer
 * holds it: the Blob itself is in the `files` table under its SHA-256 (lib/db/files.ts),
 * stored once however many answers name it. The name is what ODK shows and exports.
 */
export interface FileAnswer {
  /** SHA-256 of the bytes, lower-case hex: the file's address. */
  hash: string;
  /** File name as exported (e.g. "1733090000000.jpg"). */
  name: string;
  /** MIME type, e.g. "image/jpeg". */
  type: string;
  /** Bytes. */
  size: number;
}

export type AnswerValue = string | Answers[] | FileAnswer;

/** A file answer, told from text and from a repeat's instances (an array). */
export function isFileAnswer(value: unknown): value is FileAnswer {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as FileAnswer).hash === 'string';
}
/** An answer as expressions read it: text as it is, a file by its name (as in ODK); undefined for a repeat. */
export function answerScalar(value: unknown): string | undefined {
  return typeof value === 'string' ? value : isFileAnswer(value) ? value.name : undefined;
}
export interface Answers {
  [questionName: string]: AnswerValue;
}

export type ResponseStatus = 'draft' | 'finalized';

/** A change made after finalizing. */
export interface ResponseEdit {
  /** Unique per entry: histories merge as a set of entries, by id, so none is ever lost. */
  id: string;
  at: string; // ISO time
  by: string; // enumerator
  /** Question path, e.g. "age" or "household[2]/age" inside a repeat. */
  question: string;
  oldValue: AnswerValue | null;
  newValue: AnswerValue | null;
}

export interface GeoLocation {
  latitude: number;
  longitude: number;
  accuracy?: number;
}

export interface ResponseData {
  formId: string;
  /** The version of the form the answers were given to. */
  formVersion: string;
  projectId: string | null;
  status: ResponseStatus;
  answers: Answers;
  startedAt: string;
  finalizedAt: string | null;
  enumerator: string;
  /** Device that collected the response (the envelope's deviceId is the last editor's). */
  device: string;
  location: GeoLocation | null;
  history: ResponseEdit[];
  /** The screen the enumerator was on (a screen id of the form engine), to resume there. */
  cursor?: string;
}

export type SurveyResponse = StoredRecord<'response', ResponseData>;

// ---- Indicators (results framework); computation lives in lib/indicators ----

export type IndicatorMeasure = 'unit' | 'percentage' | 'nominal';

/** Where a computed value came from: enough to recompute or question it later. */
export interface ValueProvenance {
  formId: string;
  /** The form version(s) whose responses were counted, comma-separated. */
  formVersion: string;
  /** Responses in the denominator. */
  n: number;
  computedAt: string; // ISO time
  /** An unweighted field sample: a sample figure, not a population estimate. */
  unweighted?: boolean;
  /**
   * Counted over this case list's cases (a definition's `source.entities`), not over
   * responses: n is cases, and formId / formVersion only say which form's questions word
   * its properties and which versions of it registered them. Absent on a survey figure.
   */
  list?: string;
}

/** A target or actual, for the whole population ({}) or one group ({sex: 'female'}). */
export interface DisaggregatedValue {
  value: number;
  dimensions: Record<string, string>;
  provenance?: ValueProvenance;
}

/** An actual that a later one replaced: the results framework keeps its history. */
export interface SupersededValue extends DisaggregatedValue {
  supersededAt: string; // ISO time
}

export interface IndicatorPeriod {
  start: string; // ISO date
  end: string; // ISO date
  targets: DisaggregatedValue[];
  /** The current actuals, one per set of dimensions. */
  actuals: DisaggregatedValue[];
  /** Actuals replaced by later ones, oldest first. */
  history?: SupersededValue[];
}

/**
 * An indicator computed from a form's responses, as storable JSON. Expressions are
 * XLSForm expressions over one response's answers (`${name}`), evaluated by lib/forms/expr.
 * Only finalized, live responses of `formId` count; drafts never do.
 */
export interface ComputedIndicatorDefinition {
  /** Stable key, e.g. 'coverage.effective'. */
  key: string;
  /** The form whose responses count; with `source`, the form whose questions name the properties (their choices make the groups). */
  formId: string;
  /**
   * Count the live entities of a list instead of responses (case management): filter,
   * denominator, value and groupBy then read the entity's properties (`${isss_status}`),
   * and `${name}` / `${label}` its id and label. Entities known only from updates
   * that came before their creation (no creating visit yet) are left out.
   */
  source?: { entities: string };
  /** Which finalized responses are looked at at all (e.g. consent given); absent: all. */
  filter?: string;
  /** Who is counted in the denominator, e.g. "${employed}=1". */
  denominator: string;
  /**
   * rate: share of the denominator for which `numerator` is true.
   * mean: mean of `value` div `divisor` over the denominator (e.g. months contributed / 12);
   * responses where `value` is not a number are left out of that mean.
   */
  value: { kind: 'rate'; numerator: string } | { kind: 'mean'; value: string; divisor: number };
  /** Question names whose answers make the groups, e.g. ['status_employment', 'sex']. */
  groupBy: string[];
}

export interface IndicatorData {
  outcomeId: string;
  name: LocalizedText;
  measure: IndicatorMeasure;
  /** What a value counts, e.g. "%" or "people". */
  unit: string;
  baseline: { value: number; year: number } | null;
  periods: IndicatorPeriod[];
  /** Dimensions that values are broken down by, e.g. ['sex']. */
  disaggregations: string[];
  source: string;
  notes: string;
  /** SDG indicator this one reports on, e.g. '1.3.1' (IATI reference vocabulary 9). */
  sdgIndicator?: string;
  computed?: ComputedIndicatorDefinition;
}

export type Indicator = StoredRecord<'indicator', IndicatorData>;

// ---- Entities (case management: XLSForm entities, spec 2024.1.0 and 2025.1.0) ----

/**
 * One visit's mark on an entity: the response that created or updated it, and what it
 * set. Visits merge as a set of entries by id (merge-fields.ts), so that the history of
 * an entity followed up on two devices keeps both visits.
 */
export interface EntityVisit {
  /** Unique per entry: the response id for what finalizing did; a new id per later correction. */
  id: string;
  responseId: string;
  formId: string;
  formVersion: string;
  action: 'create' | 'update';
  at: string; // ISO time
  by: string; // enumerator
  /** The clock this visit's writes got (the clocks of the properties it set, if they still hold). */
  hlc: string;
  /** What the visit set: property names (and `label`) to values. */
  set: Record<string, string>;
  /**
   * The clocks those properties had on the device before this visit wrote them: a
   * property another visit set at a clock not seen here was overwritten unknowingly,
   * which is what makes a conflict (lib/domain/entity-conflicts.ts).
   */
  seen: Record<string, string>;
}

export interface EntityData {
  /** The entity list (XLSForm list_name / dataset), e.g. "workers". */
  list: string;
  /** The entity's id within its list (`name` in ODK's list CSV): the form's entity_id, or a new UUID. */
  entityId: string;
  /** Empty for an entity known only from an update that arrived before its creation. */
  label: string;
  /** Properties by name (`save_to`), each merged on its own. */
  properties: Record<string, string>;
  /** Responses that created and changed the entity, oldest first. */
  visits: EntityVisit[];
}

export type Entity = StoredRecord<'entity', EntityData>;

/** The record id of an entity: its list and id (list names are XML names, so never hold ":"). */
export const entityRecordId = (list: string, entityId: string) => `${list}:${entityId}`;

/**
 * What finalizing a response does to one entity, as the form engine computes it from
 * the entities sheet (lib/forms/engine/entity-actions.ts) and lib/db applies it in the
 * response's own transaction. `upsert` (entity_id with create_if and update_if, spec
 * 2024.1.0) creates the entity when the device does not have it, updates it otherwise.
 */
export interface EntityAction {
  list: string;
  action: 'create' | 'update' | 'upsert';
  entityId: string;
  /** The label expression's value; create needs one, an update may change it. */
  label?: string;
  /** The `save_to` answers, by property name (empty answers included: they clear the property). */
  properties: Record<string, string>;
}
