// The load and faults scenario (issue 12.5): many devices, each the app's own sync code
// over its own IndexedDB (fake-indexeddb in Node) with its own device id and a clock set
// a little off, create survey responses and correct responses other devices created
// (once pulled), syncing concurrently with one server while requests are cut at random
// and the server is killed and started again once. Then the faults stop, every device
// syncs until nothing moves, and the run checks the outcome against what it wrote down:
// every response and every correction (history entry, repeat instance) on the server and
// on every device, none twice, and every device holding the same records as the server.
//
// Used at CI size by tests/unit/sync-load.test.ts and at full size by tests/bench/sync-load.mjs.

import { createHash } from 'node:crypto';
import { openDatabase, type PisoDatabase } from '../../src/lib/db/database';
import { Repository } from '../../src/lib/db/repository';
import { RECORD_TABLES } from '../../src/lib/db/schema';
import { correctionOf } from '../../src/lib/db/responses';
import { Hlc } from '../../src/lib/domain/hlc';
import { newInstanceId } from '../../src/lib/domain/instance-id';
import { canonicalJson, replicated } from '../../src/lib/domain/merge';
import { fromDoc, type CouchDoc } from '../../src/lib/sync/documents';
import { INSTANCE_ID, type Answers, type DataOf, type Form, type SurveyResponse } from '../../src/lib/domain/types';
import { CouchClient } from '../../src/lib/sync/couch-client';
import { toSyncError } from '../../src/lib/sync/errors';
import { retryPause } from '../../src/lib/sync/retry';
import { syncOnce, type SyncResult } from '../../src/lib/sync/sync-once';
import { setUpServer } from '../../src/server/setup-server.mjs';
import { formData } from '../unit/bundle-fixtures';
import { seededRandom } from '../seeded-random';
import { cuttingFetch, type CutCounts, type CuttingFetch } from './cut-fetch';

export interface LoadOptions {
  /** The server, e.g. http://127.0.0.1:5930, its admin, and a database to create on it. */
  url: string;
  admin: Credentials;
  database: string;
  devices: number;
  /** Responses each device creates. */
  responses: number;
  /** Syncs of each device while it creates (its responses are created in as many chunks). */
  rounds: number;
  /** Shared responses each device corrects after each sync. */
  corrections: number;
  /** The share of requests cut (before, under way, after the answer: a third each). */
  cutRate: number;
  /** Kills the server (SIGKILL) and resolves once it is gone. */
  killServer: () => Promise<void>;
  /** Starts it again on the same data; resolves once it answers. */
  startServer: () => Promise<void>;
  /** The restart comes once this share of all responses has been created. */
  restartAt?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface LoadReport {
  /** From the first device's start to the end of the final syncs. */
  ms: number;
  /** From the kill until every device still working completed a sync again. */
  resumeMs: number;
  /** Responses, history entries and repeat instances missing, counted once per place (server or device). */
  lost: number;
  /** The same id twice in one place: a history entry, a repeat instance; or something the run never wrote. */
  duplicates: number;
  /** Devices whose records differ from the server's. */
  diverged: number;
  /** Server documents with CouchDB conflicts, records refused by the server, records quarantined on devices. */
  conflicts: number;
  refused: number;
  quarantined: number;
  responses: number;
  edits: number;
  instancesAdded: number;
  cuts: CutCounts;
  /** Syncs that failed and were tried again. */
  failedSyncs: number;
  /** Passes of the final syncs until a whole pass moved nothing. */
  finalPasses: number;
}

/** The app waits 5 s after a failure, then doubles; here a hundredth, so a run stays short. */
const RETRY_SCALE = 100;
const MAX_FINAL_PASSES = 8;
const FORM_ID = 'load-survey';
/** Device clocks are set up to this far off real time, either way (well within the 24 h the app follows). */
const MAX_SKEW_MS = 2 * 60_000;
/** The devices' users' role: members of the database, allowed to correct any response. */
const ROLE = 'supervisor';

interface Credentials {
  name: string;
  password: string;
}

interface Device {
  index: number;
  user: Credentials;
  db: PisoDatabase;
  client: CouchClient;
  cut: CuttingFetch;
  random: () => number;
  responses: Repository<SurveyResponse>;
}

/** What the run wrote, apart from the code under test: the truth the outcome is checked against. */
interface Truth {
  creator: Map<string, number>;
  /** History entry id → response id. */
  edits: Map<string, string>;
  /** Response id → its repeat instance ids (the two it was created with, then those added by corrections). */
  instances: Map<string, Set<string>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function responseData(device: number, n: number): DataOf<SurveyResponse> {
  return {
    formId: FORM_ID,
    formVersion: '1',
    projectId: null,
    status: 'finalized',
    answers: {
      name: `Persona ${device}-${n}`,
      sex: n % 2 ? 'f' : 'm',
      cover: 'isss',
      member: [
        { [INSTANCE_ID]: newInstanceId(), age: String(20 + (n % 50)) },
        { [INSTANCE_ID]: newInstanceId(), age: String(n % 18) },
      ],
    },
    startedAt: '2026-11-20T10:00:00.000Z',
    finalizedAt: '2026-11-20T10:20:00.000Z',
    enumerator: `enumerator ${device}`,
    device: `device ${device}`,
    location: null,
    history: [],
  };
}

async function openDevice(options: LoadOptions, run: string, index: number, seed: number): Promise<Device> {
  const db = await openDatabase(`load-${run}-${index}`);
  const random = seededRandom(seed + index);
  // Its own clock: the database gave it its own device id; its wall clock is a little off.
  const skew = Math.round((random() * 2 - 1) * MAX_SKEW_MS);
  db.clock = new Hlc(db.clock.deviceId, () => Date.now() + skew);
  const cut = cuttingFetch(random, options.cutRate);
  const client = new CouchClient({ url: options.url, database: options.database, fetch: cut.fetch });
  const user = { name: `load-device-${index}`, password: `password-${run}-${index}` };
  await asAdmin(options, 'PUT', `/_users/org.couchdb.user:${user.name}`, { name: user.name, password: user.password, roles: [ROLE], type: 'user' });
  return { index, user, db, client, cut, random, responses: new Repository<SurveyResponse>('response', () => db) };
}

/** A request as the server's admin (HTTP basic authentication): setting up, and reading the outcome. */
async function asAdmin(options: LoadOptions, method: string, path: string, body?: unknown): Promise<unknown> {
  const answer = await fetch(`${options.url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${options.admin.name}:${options.admin.password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await answer.json();
  // 412: the database is there already.
  if (!answer.ok && answer.status !== 412) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

/** The database as the setup tool makes it: open to the roles' users, checked by validate_doc_update. */
async function prepareDatabase(options: LoadOptions): Promise<void> {
  await setUpServer({ url: options.url, database: options.database, admin: { user: options.admin.name, password: options.admin.password }, log: () => {} });
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const seed = options.seed ?? 20261201;
  const log = options.log ?? (() => {});
  const run = `${seed}-${Date.now()}`;
  const truth: Truth = { creator: new Map(), edits: new Map(), instances: new Map() };
  const results: SyncResult[] = [];
  const signedIn = new Set<number>();
  let failedSyncs = 0;

  await prepareDatabase(options);
  // The form, from a coordinator's device, so that every device checks pulled responses against it.
  const coordinator = await openDevice({ ...options, cutRate: 0 }, run, options.devices, seed);
  await new Repository<Form>('form', () => coordinator.db).create(formData(FORM_ID));
  await coordinator.client.signIn(coordinator.user.name, coordinator.user.password);
  await syncOnce(coordinator.client, coordinator.db);

  const devices = await Promise.all(Array.from({ length: options.devices }, (_, i) => openDevice(options, run, i, seed)));
  const total = options.devices * options.responses;
  const restartAt = Math.max(1, Math.floor(total * (options.restartAt ?? 0.5)));
  const tenth = Math.max(1, Math.round(total / 10));
  let created = 0;
  let killedAt: number | undefined;
  let restart: Promise<void> | undefined;
  /** Devices still creating and correcting: those that must sync again after the restart. */
  const working = new Set(devices.map((d) => d.index));
  const resumedAt = new Map<number, number>();

  async function syncUntilDone(d: Device): Promise<SyncResult> {
    for (let failures = 1; ; failures++) {
      const started = performance.now();
      try {
        // Signed in first, and again if the session was lost (as the app asks its user to).
        if (!signedIn.has(d.index)) {
          await d.client.signIn(d.user.name, d.user.password);
          signedIn.add(d.index);
        }
        const result = await syncOnce(d.client, d.db);
        results.push(result);
        if (killedAt !== undefined && started >= killedAt && !resumedAt.has(d.index) && working.has(d.index)) {
          resumedAt.set(d.index, performance.now());
        }
        return result;
      } catch (error) {
        const code = toSyncError(error).code;
        if (code === 'sync.unauthorized') signedIn.delete(d.index);
        const pause = code === 'sync.unauthorized' ? 0 : retryPause(code, failures);
        if (pause === null) throw error;
        failedSyncs++;
        await sleep(pause / RETRY_SCALE);
      }
    }
  }

  function noteCreated(): void {
    if (++created % tenth === 0) log(`${created} of ${total} responses created, ${Math.round(performance.now() - start)} ms`);
    if (created !== restartAt || restart) return;
    restart = (async () => {
      await options.killServer();
      killedAt = performance.now();
      log(`server killed after ${created} of ${total} responses`);
      await options.startServer();
      log(`server answering again after ${Math.round(performance.now() - killedAt)} ms`);
    })();
  }

  /**
   * Corrects responses other devices created, as correctResponse does (read, diff, write
   * with the history entries, in one transaction, so that a page pulled meanwhile is not
   * reverted); it runs while the device syncs, so that some corrections land in the middle
   * of a push (a record edited meanwhile stays dirty) or of a pull.
   */
  async function correctShared(d: Device, round: number): Promise<void> {
    const ids = (await d.db.responses.toCollection().primaryKeys()) as string[];
    const others = ids.filter((id) => truth.creator.has(id) && truth.creator.get(id) !== d.index);
    for (let k = 0; k < options.corrections && others.length > 0; k++) {
      const id = others[Math.floor(d.random() * others.length)];
      await d.db.transaction('rw', d.db.responses, d.db.meta, async () => {
        const response = (await d.db.responses.get(id)) as unknown as SurveyResponse;
        const answers = structuredClone(response.answers);
        // Often the same question on several devices at once: settled by clock, every entry kept.
        answers.name = `Corregido ${d.index}-${round}-${k}`;
        if (d.random() < 0.3) {
          const instance = newInstanceId();
          (answers.member as Answers[]).push({ [INSTANCE_ID]: instance, age: String(Math.floor(d.random() * 90)) });
          truth.instances.get(id)!.add(instance);
        }
        const { edits, history } = correctionOf(response, answers, `device ${d.index}`, new Date());
        await d.responses.update(id, { answers, history });
        for (const edit of edits) truth.edits.set(edit.id, id);
      });
    }
  }

  async function work(d: Device): Promise<void> {
    const perRound = Math.ceil(options.responses / options.rounds);
    let made = 0;
    for (let round = 0; round < options.rounds; round++) {
      for (; made < Math.min(options.responses, (round + 1) * perRound); made++) {
        const response = await d.responses.create(responseData(d.index, made));
        truth.creator.set(response.id, d.index);
        truth.instances.set(response.id, new Set((response.answers.member as Answers[]).map((m) => m[INSTANCE_ID] as string)));
        noteCreated();
      }
      await Promise.all([syncUntilDone(d), correctShared(d, round)]);
    }
    await syncUntilDone(d);
    working.delete(d.index);
  }

  const start = performance.now();
  await Promise.all(devices.map(work));
  await restart;
  log(`devices done in ${Math.round(performance.now() - start)} ms; final syncs without cuts`);
  for (const d of devices) d.cut.cutting = false;
  let finalPasses = 0;
  for (; finalPasses < MAX_FINAL_PASSES; ) {
    finalPasses++;
    const pass = await Promise.all(devices.map(syncUntilDone));
    if (pass.every((result) => result.pushed === 0 && result.pulled === 0)) break;
  }
  const ms = performance.now() - start;
  log(`converged after ${finalPasses} final passes, ${Math.round(ms)} ms in all`);

  const checked = await check(options, truth, devices);
  const resumes = [...resumedAt.values()];
  const cuts: CutCounts = { requests: 0, before: 0, during: 0, after: 0 };
  for (const d of devices) for (const key of Object.keys(cuts) as (keyof CutCounts)[]) cuts[key] += d.cut.counts[key];
  for (const d of [...devices, coordinator]) {
    d.db.close();
    await d.db.delete();
  }
  return {
    ms,
    resumeMs: killedAt === undefined || resumes.length === 0 ? NaN : Math.max(...resumes) - killedAt,
    ...checked,
    refused: results.reduce((sum, result) => sum + result.refused.length, 0),
    responses: truth.creator.size,
    edits: truth.edits.size,
    instancesAdded: [...truth.instances.values()].reduce((sum, set) => sum + set.size - 2, 0),
    cuts,
    failedSyncs,
    finalPasses,
  };
}

type Checked = Pick<LoadReport, 'lost' | 'duplicates' | 'diverged' | 'conflicts' | 'quarantined'>;

/** Missing and doubled things in one place's responses, against the truth. */
function audit(responses: Map<string, SurveyResponse>, truth: Truth): { lost: number; duplicates: number } {
  let lost = 0;
  let duplicates = 0;
  for (const id of responses.keys()) if (!truth.creator.has(id)) duplicates++;
  for (const [id, instances] of truth.instances) {
    const response = responses.get(id);
    if (!response) {
      lost++;
      continue;
    }
    const held = (response.answers.member as Answers[]).map((m) => m[INSTANCE_ID] as string);
    duplicates += held.length - new Set(held).size + held.filter((instance) => !instances.has(instance)).length;
    for (const instance of instances) if (!held.includes(instance)) lost++;
  }
  const entries = new Map<string, Set<string>>();
  for (const response of responses.values()) {
    const ids = response.history.map((entry) => entry.id);
    duplicates += ids.length - new Set(ids).size + ids.filter((entry) => truth.edits.get(entry) !== response.id).length;
    entries.set(response.id, new Set(ids));
  }
  for (const [edit, id] of truth.edits) if (!entries.get(id)?.has(edit)) lost++;
  return { lost, duplicates };
}

/** One fingerprint of a set of records' replicated content, in id order. */
function fingerprint(records: Iterable<Record<string, unknown>>): string {
  const hash = createHash('sha256');
  for (const record of [...records].sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1))) hash.update(canonicalJson(record)).update('\n');
  return hash.digest('hex');
}

async function check(options: LoadOptions, truth: Truth, devices: Device[]): Promise<Checked> {
  const answer = await asAdmin(options, 'GET', `/${encodeURIComponent(options.database)}/_all_docs?include_docs=true&conflicts=true`);
  const rows = (answer as { rows: { id: string; doc: Record<string, unknown> }[] }).rows.filter((row) => !row.id.startsWith('_design/'));
  let conflicts = 0;
  const onServer: Record<string, unknown>[] = [];
  const serverResponses = new Map<string, SurveyResponse>();
  for (const { doc } of rows) {
    if (Array.isArray(doc._conflicts) && doc._conflicts.length > 0) conflicts++;
    // Read as a device reads it (its clocks in full), without serverRev and dirty.
    const record = replicated(fromDoc(doc as CouchDoc)!) as Record<string, unknown>;
    onServer.push(record);
    if (record.kind === 'response') serverResponses.set(String(record.id), record as unknown as SurveyResponse);
  }
  const server = audit(serverResponses, truth);
  let { lost, duplicates } = server;
  const expected = fingerprint(onServer);
  let diverged = 0;
  let quarantined = 0;
  for (const d of devices) {
    const held = await Promise.all(RECORD_TABLES.map((name) => d.db.table(name).toArray()));
    const responses = new Map((await d.db.responses.toArray()).map((response) => [response.id, response as unknown as SurveyResponse]));
    const found = audit(responses, truth);
    lost += found.lost;
    duplicates += found.duplicates;
    if (fingerprint(held.flat().map((record) => replicated(record) as Record<string, unknown>)) !== expected) diverged++;
    quarantined += await d.db.quarantine.count();
  }
  return { lost, duplicates, diverged, conflicts, quarantined };
}
