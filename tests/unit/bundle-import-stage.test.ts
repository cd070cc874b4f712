// What an import stores, staged and committed batch by batch, is what merging the same
// records in one go stores, field for field and with this device's fields: for records
// new here (whose stored versions are not read, apply-merged.ts storedVersions) as for
// records already here.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/domain/merge';
import { commitImport, exportBundle, readBundle } from '../../src/lib/bundle';
import { applyMerged } from '../../src/lib/db/apply-merged';
import { RECORD_TABLES } from '../../src/lib/db/schema';
import type { PisoDatabase } from '../../src/lib/db/database';
import { freshDatabase, populate, repos } from './bundle-fixtures';

/** Every stored record of the record tables, local fields included, but the change number (its order differs). */
async function stored(db: PisoDatabase): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const name of RECORD_TABLES) {
    const rows = (await db.table(name).toArray()) as Record<string, unknown>[];
    out[name] = rows.map(({ seq: _seq, ...row }) => row).sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
  }
  return canonicalJson(out);
}

describe('an import stores what merging stores', () => {
  it('and stores each as merging it would, new records and records already here alike', async () => {
    const source = await freshDatabase();
    const made = await populate(source);
    const { blob } = await exportBundle({ type: 'all' }, { db: source });
    const bundle = await readBundle(blob);

    const imported = await freshDatabase();
    const merged = await freshDatabase();
    // One record already on both devices, older than the bundle's: merged, not staged as a line.
    for (const db of [imported, merged]) await applyMerged([bundle.records.find((r) => r.id === made.responses[0].id)!], {}, db);
    await repos(source).responses.update(made.responses[0].id, { answers: { ...made.responses[0].answers, name: 'Ana María' } } as never);
    const again = await readBundle((await exportBundle({ type: 'all' }, { db: source })).blob);

    await commitImport(again, { db: imported });
    await applyMerged(again.records, {}, merged);
    expect(await stored(imported)).toBe(await stored(merged));
    expect(await imported.responses.count()).toBe(3);
    expect(((await imported.responses.get(made.responses[0].id)) as unknown as { answers: { name: string } }).answers.name).toBe('Ana María');
    // Importing it again changes nothing.
    const before = await stored(imported);
    await commitImport(again, { db: imported });
    expect(await stored(imported)).toBe(before);
  });
});
