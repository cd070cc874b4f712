// The workers the entity benchmarks store (entities-apply-entry.ts, entities-select-entry.ts):
// 100,000 of them, each registered by a visit of its own, as another device sends them.

import { stampNew } from '../../src/lib/domain/record-stamp';
import { entityRecordId, type Envelope, type Kind } from '../../src/lib/domain/types';

/** Worker i's entity id. */
export const workerId = (i: number) => `w${String(i).padStart(6, '0')}`;

const DEVICE = 'bench-device';
export const CHUNK = 1000;
export const LIST = 'workers';
const DEPARTMENTS = ['AH', 'SA', 'SO', 'CH', 'LL', 'SS', 'CU', 'LP', 'CA', 'SV', 'US', 'SM', 'MO', 'LU'];

/** A record as another device sends it: every field stamped with one clock. */
export function envelope(kind: Kind, id: string, data: object, i = 0): Envelope {
  const hlc = `2026-03-01T00:00:00.000Z-${String(i % 10000).padStart(4, '0')}-${DEVICE}`;
  const { fields, fieldHlc } = stampNew(kind, Object.entries(data), hlc);
  const at = '2026-03-01T00:00:00.000Z';
  return { ...fields, id, kind, hlc, fieldHlc, deviceId: DEVICE, createdAt: at, updatedAt: at, deleted: false, dirty: 0 } as Envelope;
}

/** Worker i, registered by a visit of its own: six properties, as the seed's registration form sets them. */
export function worker(i: number): Envelope {
  const entityId = workerId(i);
  const properties = {
    sex: i % 2 ? 'female' : 'male',
    age: String(18 + (i % 60)),
    department: DEPARTMENTS[i % 14],
    employment: i % 3 ? 'own_account' : 'domestic',
    isss: i % 5 ? 'no' : 'yes',
    phone: String(70000000 + i),
  };
  const label = `Trabajador ${String((i * 7919) % 100_000).padStart(5, '0')}`;
  const visit = {
    id: `reg-${i}`,
    responseId: `reg-${i}`,
    formId: 'registration',
    formVersion: '1',
    action: 'create',
    at: '2026-03-01T00:00:00.000Z',
    by: 'Enumerador',
    hlc: `2026-03-01T00:00:00.000Z-${String(i % 10000).padStart(4, '0')}-${DEVICE}`,
    set: { ...properties, label },
    seen: {},
  };
  return envelope('entity', entityRecordId(LIST, entityId), { list: LIST, entityId, label, properties, visits: [visit] }, i);
}

