import { beforeEach, describe, expect, it } from 'vitest';
import { applyMerged, openDatabase, outcomes, projects, seedOnce, startDatabase, type PisoDatabase } from '../../src/lib/db';
import { compareHlc } from '../../src/lib/domain/hlc';
import { SEED_HLC, SEED_OUTCOMES, SEED_PROJECT_ID, type SeedRecord } from '../../src/lib/domain/seed-data';
import { SEED_RECORDS, SEED_SURVEY_ID } from '../../src/lib/domain/seed-records';
import { UI_LANGUAGES } from '../../src/lib/domain/types';

let db: PisoDatabase;
let run = 0;

beforeEach(async () => {
  db = await openDatabase(`seed-test-${++run}`);
});

describe('seed data', () => {
  it('describes SLV/16/03/RBS with its links and three objectives in es, en and fr', () => {
    const project = SEED_RECORDS.find((r) => r.id === SEED_PROJECT_ID)!.data as Record<string, unknown>;
    expect(project).toMatchObject({
      code: 'SLV/16/03/RBS',
      country: 'SV',
      status: 'closed',
      start: '2017-11-01',
      end: '2021-12-31',
      budget: { amount: 462640, currency: 'USD' },
      sdgTargets: ['1.3', '3.8'],
    });
    const links = project.links as { code: string; country: string; title: Record<string, string> }[];
    expect(links.map((l) => `${l.code} ${l.country}`)).toEqual(['SLV/16/02/RBS SV', 'SLV 238 SV', 'SEN 240 SN', 'SLV 812 SV']);
    const texts = [project.title, project.description, ...links.map((l) => l.title), ...SEED_OUTCOMES.map((o) => o.data.title)];
    for (const text of texts) expect(Object.keys(text as object).sort()).toEqual([...UI_LANGUAGES].sort());
    expect(SEED_OUTCOMES.map((o) => o.data.code)).toEqual(['OBJ 1', 'OBJ 2', 'OBJ 3']);
    expect(new Set(SEED_RECORDS.map((r) => r.id)).size).toBe(SEED_RECORDS.length);
  });
});

describe('seedOnce', () => {
  it('seeds the project, its outcomes and the coverage survey on the first run only', async () => {
    // With the case-management pair of forms, their indicator and the sample case list (seed-workers.test.ts).
    expect(await seedOnce()).toBe(SEED_RECORDS.length);
    expect(await seedOnce()).toBe(0);
    const [project] = await projects.list();
    expect(project).toMatchObject({ id: SEED_PROJECT_ID, code: 'SLV/16/03/RBS', hlc: SEED_HLC, dirty: 1 });
    expect(await outcomes.listWhere('projectId', SEED_PROJECT_ID)).toHaveLength(3);
    expect(typeof (await db.meta.get('seededAt'))?.value).toBe('string');
    expect(await db.forms.get(SEED_SURVEY_ID)).toMatchObject({ formId: 'ss_coverage_slv', projectId: SEED_PROJECT_ID, hlc: SEED_HLC });
  });

  it('seeds at start-up what the first screen shows, and the survey when seedOnce() runs after it', async () => {
    db.close();
    db = await startDatabase({ name: `seed-test-start-${run}` });
    expect(await db.projects.get(SEED_PROJECT_ID)).toMatchObject({ code: 'SLV/16/03/RBS' });
    expect(await db.outcomes.count()).toBe(3);
    expect(await db.forms.get(SEED_SURVEY_ID)).toBeUndefined();
    expect(await seedOnce(undefined, db)).toBe(SEED_RECORDS.length - 1 - SEED_OUTCOMES.length); // all but the first screen's
    expect(await db.forms.get(SEED_SURVEY_ID)).toMatchObject({ formId: 'ss_coverage_slv' });
    db.close();
  });

  it('never brings back a seed record the user deleted', async () => {
    await seedOnce();
    await projects.remove(SEED_PROJECT_ID);
    expect(await seedOnce()).toBe(0);
    expect(await projects.get(SEED_PROJECT_ID)).toBeUndefined();
    expect(await projects.get(SEED_PROJECT_ID, { includeDeleted: true })).toMatchObject({ deleted: true });
  });

  it('adds records appended to the seed later, and only those', async () => {
    await seedOnce();
    const form: SeedRecord = { id: '0d9c3b52-5f41-4b7e-9d7e-3f1c2a4b5c6d', kind: 'form', data: { title: { es: 'Encuesta' } } };
    expect(await seedOnce([...SEED_RECORDS, form])).toBe(1);
    expect(await db.forms.get(form.id)).toMatchObject({ kind: 'form', hlc: SEED_HLC });
  });

  it('stamps later edits after the seed clock', async () => {
    await seedOnce();
    const edited = await projects.update(SEED_PROJECT_ID, { status: 'active' });
    expect(compareHlc(edited.fieldHlc.status, SEED_HLC)).toBe(1);
  });

  it('gives identical records on two devices, which merge without change', async () => {
    await seedOnce();
    const other = await openDatabase(`seed-test-other-${run}`);
    await seedOnce(undefined, other);
    const theirs = await other.projects.toArray();
    expect(await applyMerged(theirs, {}, db)).toEqual({ added: 0, updated: 0, unchanged: 1 });
    other.close();
  });
});
