import { describe, expect, it } from 'vitest';
import { commitImport, exportBundle, readBundle, type Bundle } from '../../src/lib/bundle';
import type { PisoDatabase } from '../../src/lib/db/database';
import { dumpRecords, freshDatabase, populate, projectData, repos, responseData } from './bundle-fixtures';

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

const permutations = <T>(items: T[]): T[][] =>
  items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [item, ...p]));

/** Random edits of the shared records, deletions, restores and new records, on one device. */
async function randomEdits(db: PisoDatabase, rnd: () => number, steps: number) {
  const r = repos(db);
  for (let step = 0; step < steps; step++) {
    const projects = await db.projects.toArray();
    const responses = await db.responses.toArray();
    const project = projects[Math.floor(rnd() * projects.length)];
    const response = responses[Math.floor(rnd() * responses.length)];
    const choice = rnd();
    if (choice < 0.25) await r.projects.update(project.id, { region: `region-${Math.floor(rnd() * 5)}` });
    else if (choice < 0.45) await r.projects.update(project.id, { title: { es: `t-${Math.floor(rnd() * 5)}` }, status: 'closed' });
    else if (choice < 0.65) await r.responses.update(response.id, { enumerator: `e-${Math.floor(rnd() * 5)}` });
    else if (choice < 0.75) await (response.deleted ? r.responses.restore(response.id) : r.responses.remove(response.id));
    else if (choice < 0.85) await r.projects.create(projectData(`P-${Math.floor(rnd() * 1000)}`));
    else await r.responses.create(responseData('coverage', project.id, `n-${Math.floor(rnd() * 9)}`));
  }
}

const bundleOf = async (db: PisoDatabase): Promise<Bundle> => readBundle((await exportBundle({ type: 'all' }, { db })).blob);

describe('bundles from three devices', () => {
  it('give the same data in every import order, and change nothing imported again', async () => {
    for (const seed of [1, 2, 3]) {
      const rnd = random(seed);
      const origin = await freshDatabase();
      await populate(origin);
      const base = await bundleOf(origin);
      const devices = [await freshDatabase(), await freshDatabase(), await freshDatabase()];
      for (const device of devices) await commitImport(base, { db: device });
      for (const device of devices) await randomEdits(device, rnd, 25);
      const bundles = await Promise.all(devices.map(bundleOf));

      const results = new Set<string>();
      for (const order of permutations(bundles)) {
        const db = await freshDatabase();
        for (const bundle of order) await commitImport(bundle, { db });
        const once = await dumpRecords(db);
        for (const bundle of order) await commitImport(bundle, { db });
        expect(await dumpRecords(db)).toBe(once);
        results.add(once);
      }
      expect(results.size).toBe(1);

      // Each device that takes the other two bundles ends up with that same data.
      for (const [i, device] of devices.entries()) {
        for (const [j, bundle] of bundles.entries()) if (i !== j) await commitImport(bundle, { db: device });
        expect(await dumpRecords(device)).toBe([...results][0]);
      }
    }
  }, 60_000);
});
