// Each project's dashboard reads its own forms and indicators, never another project's.
import { beforeEach, describe, expect, it } from 'vitest';
import { formsOfProject, indicatorsOfProject, openDatabase, seedOnce } from '../../src/lib/db';
import { Repository } from '../../src/lib/db/repository';
import { SEED_PROJECT_ID } from '../../src/lib/domain/seed-data';
import type { AnyRecord, Form, Indicator, Outcome } from '../../src/lib/domain/types';
import { EFFECTIVE_COVERAGE, coverageIndicators } from '../../src/lib/indicators';
import { coverageDefinitions } from '../../src/pages/dashboard/dashboard-data';
import { formData, projectData, repos } from './bundle-fixtures';

let run = 0;
beforeEach(async () => {
  const db = await openDatabase(`dashboard-project-${++run}`);
  await seedOnce(undefined, db);
});

describe("a project's dashboard", () => {
  it("of a second project shows neither the SLV survey's interviews nor its coverage", async () => {
    const { database } = await import('../../src/lib/db');
    const r = repos(database());
    const second = await r.projects.create(projectData('GTM/20/01'));

    const slvForms = await formsOfProject(SEED_PROJECT_ID);
    expect(slvForms.map((f) => f.formId).sort()).toEqual([EFFECTIVE_COVERAGE.formId, 'worker_followup', 'worker_registration'].sort());
    expect(coverageDefinitions(await indicatorsOfProject(SEED_PROJECT_ID), slvForms)).toEqual([EFFECTIVE_COVERAGE]);

    expect(await formsOfProject(second.id)).toEqual([]);
    expect(coverageDefinitions(await indicatorsOfProject(second.id), [])).toEqual([]);

    // Its own survey and its own computed indicator: its figures, over its form.
    await r.forms.create(formData('gtm_survey', second.id));
    const outcome = await new Repository<Outcome>('outcome').create({ projectId: second.id, code: 'R1', title: { es: 'R1' }, start: '', end: '', country: 'GT', type: 'outcome' });
    const [effective] = coverageIndicators(outcome.id);
    const own = { ...effective.computed!, formId: 'gtm_survey' };
    await new Repository<AnyRecord>('indicator').create({ ...effective, computed: own } as never);
    const forms: Form[] = await formsOfProject(second.id);
    expect(forms.map((f) => f.formId)).toEqual(['gtm_survey']);
    const indicators: Indicator[] = await indicatorsOfProject(second.id);
    expect(coverageDefinitions(indicators, forms)).toEqual([own]);
    // SLV's dashboard is unchanged by it.
    expect(coverageDefinitions(await indicatorsOfProject(SEED_PROJECT_ID), slvForms)).toEqual([EFFECTIVE_COVERAGE]);
  });
});
