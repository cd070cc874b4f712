import { beforeEach, describe, expect, it } from 'vitest';
import {
  correctResponse,
  diffAnswers,
  finalizeResponse,
  latestForms,
  openDatabase,
  repo,
  saveDraft,
  startDraft,
  type PisoDatabase,
} from '../../src/lib/db';
import { INSTANCE_ID, type Answers, type Form, type FormData, type SurveyResponse } from '../../src/lib/domain/types';

let db: PisoDatabase;
let run = 0;
const forms = repo<Form>('form');
const responses = repo<SurveyResponse>('response');

beforeEach(async () => {
  db = await openDatabase(`responses-test-${++run}`);
});

const formData = (version: string, formId = 'survey'): FormData => ({
  formId,
  version,
  title: { es: `Encuesta ${version}` },
  languages: ['es'],
  defaultLanguage: 'es',
  questions: [{ type: 'integer', name: 'age' }],
  choices: {},
  warnings: [],
  projectId: 'project-1',
});

describe('responses', () => {
  it('lists the latest version of each form', async () => {
    await forms.create(formData('9'));
    await forms.create(formData('10'));
    await forms.create(formData('1', 'other'));
    const latest = await latestForms();
    expect(latest.map((f) => `${f.formId}@${f.version}`).sort()).toEqual(['other@1', 'survey@10']);
  });

  it('starts a draft with the enumerator, this device and the start time', async () => {
    const form = await forms.create(formData('2'));
    const now = new Date('2026-05-01T10:00:00Z');
    const r = await startDraft(form, { enumerator: 'Ana', answers: { age: '30' }, now });
    expect(r).toMatchObject({
      formId: 'survey',
      formVersion: '2',
      projectId: 'project-1',
      status: 'draft',
      answers: { age: '30' },
      startedAt: now.toISOString(),
      finalizedAt: null,
      enumerator: 'Ana',
      device: db.clock.deviceId,
      history: [],
    });
    expect((await responses.list()).filter((d) => d.formId === 'survey' && d.status === 'draft').map((d) => d.id)).toEqual([r.id]);
  });

  it('saves answers and the cursor, then finalizes, and no longer lists it as a draft', async () => {
    const form = await forms.create(formData('2'));
    const r = await startDraft(form, { enumerator: 'Ana' });
    await saveDraft(r.id, { age: '31' }, 'age');
    expect(await responses.get(r.id)).toMatchObject({ answers: { age: '31' }, cursor: 'age' });
    const done = await finalizeResponse(r.id, { age: '32' }, new Date('2026-05-02T00:00:00Z'));
    expect(done).toMatchObject({ status: 'finalized', finalizedAt: '2026-05-02T00:00:00.000Z', answers: { age: '32' } });
    expect((await responses.list()).filter((d) => d.status === 'draft')).toEqual([]);
    await expect(saveDraft(r.id, { age: '1' })).rejects.toThrow(/finalized/);
  });

  it('records each correction of a finalized response in its history, in the same write', async () => {
    const form = await forms.create(formData('2'));
    const r = await startDraft(form, { enumerator: 'Ana' });
    await finalizeResponse(r.id, { age: '32', member: [{ name: 'Eva' }] });
    const at = new Date('2026-06-01T12:00:00Z');
    const edits = await correctResponse(r.id, { age: '33', member: [{ name: 'Eva' }, { name: 'Leo' }] }, 'Marta', at);
    expect(edits).toEqual([
      { id: expect.any(String), at: at.toISOString(), by: 'Marta', question: 'age', oldValue: '32', newValue: '33' },
      { id: expect.any(String), at: at.toISOString(), by: 'Marta', question: 'member[2]/name', oldValue: null, newValue: 'Leo' },
    ]);
    expect(edits[0].id).not.toBe(edits[1].id);
    const stored = await responses.get(r.id);
    // History is kept in time order, entries of one correction by id.
    expect(stored!.history).toEqual([...edits].sort((x, y) => x.id.localeCompare(y.id)));
    // Only what changed gets the correction's clock: the new answer, the new instance, the entries.
    const [eva, leo] = stored!.answers.member as Answers[];
    const clock = stored!.fieldHlc[`history/${edits[0].id}`];
    expect(stored!.fieldHlc).toMatchObject({
      [`history/${edits[1].id}`]: clock,
      'answers/age': clock,
      [`answers/member/#${leo[INSTANCE_ID]}`]: clock,
      [`answers/member/#${leo[INSTANCE_ID]}/name`]: clock,
    });
    expect(stored!.fieldHlc[`answers/member/#${eva[INSTANCE_ID]}/name`] < clock).toBe(true);
    expect(stored!.fieldHlc).not.toHaveProperty('answers');
    expect(await correctResponse(r.id, stored!.answers, 'Marta')).toEqual([]);
    await expect(correctResponse((await startDraft(form, { enumerator: 'x' })).id, {}, 'x')).rejects.toThrow(/draft/);
  });

  it('with the answers the screen loaded, keeps a correction that arrived meanwhile', async () => {
    const form = await forms.create(formData('2'));
    const r = await startDraft(form, { enumerator: 'Ana' });
    const loaded = (await finalizeResponse(r.id, { age: '32', department: 'morazan', member: [{ name: 'Eva' }] })).answers;
    // Another device's correction of the department reaches this one while the screen is open.
    await responses.update(r.id, { answers: { ...loaded, department: 'la_paz' } });
    const onScreen = structuredClone(loaded);
    onScreen.age = '33';
    (onScreen.member as Answers[]).push({ [INSTANCE_ID]: 'zzzzzzzzz-new', name: 'Leo' });
    const edits = await correctResponse(r.id, onScreen, 'Marta', new Date(), loaded);
    expect(edits.map((e) => e.question).sort()).toEqual(['age', 'member[2]/name']);
    const stored = await responses.get(r.id);
    expect(stored!.answers).toMatchObject({ age: '33', department: 'la_paz' });
    expect((stored!.answers.member as Answers[]).map((m) => m.name)).toEqual(['Eva', 'Leo']);
  });

  it('diffs answers by question path, a removed answer becoming null', () => {
    expect(diffAnswers({ a: '1', b: 'x y' }, { b: 'x y', c: '2' })).toEqual([
      { question: 'a', oldValue: '1', newValue: null },
      { question: 'c', oldValue: null, newValue: '2' },
    ]);
  });
});
