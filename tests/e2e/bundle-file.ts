// Writes a bundle file (lib/bundle/format.ts) holding given records, as another device
// would send it: how a browser test brings a form whose shape no importer makes yet.
import { ChunkedHash, emptyCounts, FILES_LINE, FOOTER_LINE, headerLine, HASH_CHUNK_RECORDS, type Manifest } from '../../src/lib/bundle/format';
import { canonicalJson } from '../../src/lib/domain/merge';
import type { DataOf, Envelope, Kind } from '../../src/lib/domain/types';

const DEVICE = 'e2e-other-device';

/** A record of `kind` with `data`, every field last changed at `at` on another device. */
export function record(kind: Kind, id: string, data: Record<string, unknown>, at = '2026-03-01T10:00:00.000Z'): Envelope & DataOf<Envelope> {
  const hlc = `${at}-0000-${DEVICE}`;
  const fieldHlc = Object.fromEntries([...Object.keys(data), 'deleted'].map((field) => [field, hlc]));
  return { id, kind, hlc, fieldHlc, deviceId: DEVICE, createdAt: at, updatedAt: at, deleted: false, dirty: 0, ...data } as Envelope;
}

/** The bundle's text: header with manifest and records hash, one record a line, an empty files section, footer. */
export async function bundleText(records: readonly Envelope[]): Promise<string> {
  const lines = records.map((r) => canonicalJson({ ...r, dirty: undefined }));
  const hash = new ChunkedHash();
  for (let i = 0; i < lines.length; i += HASH_CHUNK_RECORDS) {
    await hash.addChunk(new TextEncoder().encode(lines.slice(i, i + HASH_CHUNK_RECORDS).map((l) => `${l}\n`).join('')));
  }
  const counts = emptyCounts();
  for (const r of records) counts[r.kind]++;
  const manifest: Manifest = {
    appVersion: 'e2e',
    deviceId: DEVICE,
    createdAt: '2026-03-01T10:00:00.000Z',
    scope: { type: 'all' },
    counts,
    recordsHash: { algorithm: 'sha256-chunked', chunkRecords: HASH_CHUNK_RECORDS, value: await hash.value() },
    maxHlc: records.map((r) => r.hlc).sort().pop() ?? null,
    files: { count: 0, bytes: 0, included: true },
  };
  return `${headerLine(manifest)}${lines.map((l, i) => `${i === 0 ? '' : ','}${l}\n`).join('')}${FILES_LINE}${FOOTER_LINE}`;
}
