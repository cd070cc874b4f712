// The seed project's sample case list: workers registered with the registration form,
// some followed up since, each as the device would have stored it: the finalized
// response, and the entity it created or changed (its properties, and a visit per
// response). Built, not written out, so that the seed stays small; every id, time and
// clock is fixed, so that two devices seeding it hold the very same records. All times
// are before SEED_TIME, so that any later edit on a device is stamped after them.

import type { EntityData, EntityVisit, Kind, ResponseData } from './types';
import { entityRecordId } from './types';
import { stampNew } from './record-stamp';
import { subkeyClock } from './merge-fields';
import { SEED_DEVICE, SEED_PROJECT_ID, type SeedRecord } from './seed-data';
import { WORKER_FOLLOWUP } from './worker-followup-form';
import { WORKER_REGISTRATION, WORKERS_LIST } from './worker-registration-form';

export const SEED_WORKER_COUNT = 36;

const FEMALE = ['María José', 'Ana Cecilia', 'Rosa Elena', 'Blanca Estela', 'Carmen', 'Gloria', 'Marta Alicia', 'Sonia', 'Reina Isabel', 'Xiomara', 'Karla', 'Delmy'];
const MALE = ['José Luis', 'Juan Carlos', 'Carlos Alberto', 'Mario', 'Francisco', 'Óscar', 'Manuel de Jesús', 'Wilfredo', 'Santos', 'Nelson', 'Julio César', 'Rafael'];
const SURNAMES = ['Hernández', 'Martínez', 'López', 'Rivera', 'Flores', 'Ramírez', 'Cruz', 'Rodríguez', 'Portillo', 'Argueta', 'Mejía', 'Chávez', 'Ayala'];
const ENUMERATORS = ['Claudia Menjívar', 'Ernesto Alvarado'];

const DEPARTMENTS = WORKER_REGISTRATION.choices.department;
const STATUSES = WORKER_REGISTRATION.choices.status_employment.map((c) => c.name);

/** A fixed UUID: `group` tells the kinds of seed ids apart, `n` numbers them. */
const seedUuid = (group: number, n: number) => `5eed0${group}00-c45e-4e17-9a0b-${n.toString(16).padStart(12, '0')}`;
const clockAt = (at: string) => `${at}-0000-${SEED_DEVICE}`;
const DAY = 86_400_000;
const timeAt = (start: string, days: number, hour: number) => new Date(Date.parse(start) + days * DAY + hour * 3_600_000).toISOString();

interface Registration {
  n: number;
  responseId: string;
  entityId: string;
  at: string;
  by: string;
  answers: Record<string, string>;
  label: string;
}

function registration(n: number): Registration {
  const female = n % 3 !== 1; // two women for each man: domestic and care work are mostly women's
  const first = (female ? FEMALE : MALE)[(n * 5) % 12];
  const name = `${first} ${SURNAMES[n % SURNAMES.length]} ${SURNAMES[(n * 7 + 3) % SURNAMES.length]}`;
  const department = DEPARTMENTS[(n * 5) % DEPARTMENTS.length];
  const isss = n % 10 === 0 || n % 10 === 3 || n % 10 === 7 ? 'affiliated' : n % 10 === 1 || n % 10 === 5 ? 'in_process' : 'not_affiliated';
  const at = timeAt('2026-09-01T14:00:00.000Z', Math.floor(n * 1.5), n % 6);
  return {
    n,
    responseId: seedUuid(1, n),
    entityId: seedUuid(2, n),
    at,
    by: ENUMERATORS[n % 2],
    answers: {
      name,
      sex: female ? 'female' : 'male',
      age: String(19 + ((n * 7) % 46)),
      department: department.name,
      status_employment: STATUSES[n % STATUSES.length],
      isss_status: isss,
    },
    label: `${name} — ${department.label.es}`,
  };
}

/** Who is visited again, and what changed: a third of the workers, two of them twice. */
const FOLLOWED = Array.from({ length: SEED_WORKER_COUNT }, (_, n) => n).filter((n) => n % 3 === 0);
const TWICE = new Set([FOLLOWED[1], FOLLOWED[4]]);

/** ISSS affiliation moves on by one step a visit: not affiliated → in process → affiliated. */
const NEXT_STATUS: Record<string, string> = { not_affiliated: 'in_process', in_process: 'affiliated', affiliated: 'affiliated' };
const ISSS_LABEL = Object.fromEntries(WORKER_REGISTRATION.choices.isss_status.map((c) => [c.name, c.label.es]));

function response(formId: string, version: string, id: string, at: string, by: string, answers: Record<string, string>): SeedRecord<ResponseData> {
  const data: ResponseData = {
    formId,
    formVersion: version,
    projectId: SEED_PROJECT_ID,
    status: 'finalized',
    answers,
    // About a quarter of an hour's interview.
    startedAt: new Date(Date.parse(at) - 15 * 60_000).toISOString(),
    finalizedAt: at,
    enumerator: by,
    device: SEED_DEVICE,
    location: null,
    history: [],
  };
  return stamped(id, 'response', data, at, data.startedAt);
}

/** A seed record with the clocks of the write at `at` that made it (map fields per entry, as a device writes them). */
export function stamped<D extends object>(id: string, kind: Kind, data: D, at: string, createdAt = at): SeedRecord<D> {
  const { fields, fieldHlc } = stampNew(kind, Object.entries(data), clockAt(at));
  return { id, kind, data: fields as D, envelope: { hlc: clockAt(at), fieldHlc, createdAt, updatedAt: at } };
}

function seedWorkers(): SeedRecord[] {
  const records: SeedRecord[] = [];
  for (let n = 0; n < SEED_WORKER_COUNT; n++) {
    const r = registration(n);
    records.push(response(WORKER_REGISTRATION.formId, WORKER_REGISTRATION.version, r.responseId, r.at, r.by, r.answers));
    const { name, ...saved } = r.answers;
    const properties: Record<string, string> = { full_name: name, ...saved };
    const createClock = clockAt(r.at);
    const propertyClocks: Record<string, string> = Object.fromEntries(Object.keys(properties).map((p) => [p, createClock]));
    const visits: EntityVisit[] = [
      {
        id: r.responseId,
        responseId: r.responseId,
        formId: WORKER_REGISTRATION.formId,
        formVersion: WORKER_REGISTRATION.version,
        action: 'create',
        at: r.at,
        by: r.by,
        hlc: createClock,
        set: { label: r.label, ...properties },
        seen: {},
      },
    ];
    const visitsDue = FOLLOWED.includes(n) ? (TWICE.has(n) ? 2 : 1) : 0;
    for (let k = 0; k < visitsDue; k++) {
      const id = seedUuid(3, n * 2 + k);
      const at = timeAt('2026-10-26T15:00:00.000Z', Math.floor(n / 2) + k * 12, k);
      const by = ENUMERATORS[(n + k + 1) % 2];
      const current = properties.isss_status;
      const set = {
        isss_status: NEXT_STATUS[current],
        contrib_months: String(NEXT_STATUS[current] === 'affiliated' ? 3 + ((n + k) % 10) : 0),
        last_visit: at.slice(0, 10),
      };
      const answers = {
        worker: r.entityId,
        current_isss: current,
        current_isss_label: ISSS_LABEL[current],
        isss_status: set.isss_status,
        contrib_months: set.contrib_months,
        visit_date: set.last_visit,
      };
      records.push(response(WORKER_FOLLOWUP.formId, WORKER_FOLLOWUP.version, id, at, by, answers));
      const seen = Object.fromEntries(Object.keys(set).flatMap((p) => (propertyClocks[p] ? [[p, propertyClocks[p]]] : [])));
      visits.push({ id, responseId: id, formId: WORKER_FOLLOWUP.formId, formVersion: WORKER_FOLLOWUP.version, action: 'update', at, by, hlc: clockAt(at), set, seen });
      Object.assign(properties, set);
      for (const p of Object.keys(set)) propertyClocks[p] = clockAt(at);
    }
    const entity: EntityData = { list: WORKERS_LIST, entityId: r.entityId, label: r.label, properties, visits };
    const record = stamped(entityRecordId(WORKERS_LIST, r.entityId), 'entity', entity, r.at);
    // Each property and visit carries the clock of the visit that last wrote it; the record, the latest.
    const fieldHlc = { ...record.envelope!.fieldHlc };
    for (const [p, clock] of Object.entries(propertyClocks)) fieldHlc[subkeyClock('properties', p)] = clock;
    for (const v of visits) fieldHlc[subkeyClock('visits', v.id)] = v.hlc;
    const last = visits[visits.length - 1];
    records.push({ ...record, envelope: { ...record.envelope!, fieldHlc, hlc: last.hlc, updatedAt: last.at } });
  }
  return records;
}

/** The responses and the entities of the sample case list, registrations first. */
export const SEED_WORKER_RECORDS: readonly SeedRecord[] = seedWorkers();
