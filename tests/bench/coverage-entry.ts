// Bundled by coverage.mjs and run in the page: seeds generated coverage-survey
// responses, then times the indicator the way the app computes it.

import { PisoDatabase, startIndicatorWorker } from '../../src/lib/db';
import { buildAggregates, ensureAggregates, indicatorAggregateMiddleware, readAggregate } from '../../src/lib/db/indicator-aggregates';
import { COVERAGE_SURVEY } from '../../src/lib/domain/coverage-survey';
import { COVERAGE_DEFINITIONS, EFFECTIVE_COVERAGE, groupLevels } from '../../src/lib/indicators';
import { seededRandom } from '../seeded-random';

const DB = 'bench-coverage';
const levels = groupLevels(EFFECTIVE_COVERAGE, COVERAGE_SURVEY);

async function open(): Promise<PisoDatabase> {
  const db = new PisoDatabase(DB);
  db.use(indicatorAggregateMiddleware); // as PisoDatabase's constructor will
  await db.open();
  return db;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function generate(r: () => number, i: number): Record<string, unknown> {
  const employed = r() < 0.85;
  const status = pick(r, ['employee_private', 'employee_public', 'domestic', 'own_account', 'employer', 'family_worker']);
  const isss = pick(r, ['contrib_general', 'none', 'none', 'beneficiary', 'pensioner', 'dk']);
  const pension = pick(r, ['afp', 'public', 'no', 'no', 'dk']);
  const answers: Record<string, string> = {
    start: '2025-03-01T09:00:00', end: '2025-03-01T09:20:00', today: '2025-03-01', consent: 'yes',
    department: pick(r, ['SV-SS', 'SV-LI', 'SV-SA', 'SV-SM', 'SV-US']), area: pick(r, ['urban', 'rural']),
    sex: pick(r, ['female', 'male']), age: String(18 + Math.floor(r() * 50)),
    worked_last_week: employed ? 'yes' : 'no', employed: employed ? '1' : '0',
  };
  if (employed) {
    Object.assign(answers, {
      status_employment: status, branch: pick(r, ['agri', 'industry', 'commerce', 'households']),
      isss_status: isss, pension_contrib: pension, noncontrib_benefit: pick(r, ['yes', 'no', 'no', 'no']),
      contrib_months_12: String(Math.floor(r() * 13)), formal_job: r() < 0.4 ? '1' : '0', monthly_income: String(Math.floor(r() * 900)),
    });
  } else {
    answers.temp_absent = 'no';
  }
  const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  const hlc = `${at}-0000-bench`;
  return {
    id: `${(i * 2654435761 % 2 ** 32).toString(16).padStart(8, '0')}-${i}`,
    kind: 'response', hlc, fieldHlc: Object.fromEntries(['formId', 'formVersion', 'projectId', 'status', 'answers', 'startedAt', 'finalizedAt', 'enumerator', 'device', 'location', 'history', 'deleted'].map((k) => [k, hlc])),
    deviceId: 'bench', createdAt: at, updatedAt: at, deleted: false, dirty: 1,
    formId: COVERAGE_SURVEY.formId, formVersion: COVERAGE_SURVEY.version, projectId: null,
    status: r() < 0.02 ? 'draft' : 'finalized', answers, startedAt: at, finalizedAt: at,
    enumerator: pick(r, ['ana', 'beto', 'carla']), device: 'bench', location: null, history: [],
  };
}

/** Stores `count` responses in transactions of 1,000, the aggregates (if `keep`) kept as they are written. */
export async function seed(count: number, keep = true): Promise<number> {
  const db = await open();
  if (keep) {
    await ensureAggregates(db, COVERAGE_DEFINITIONS);
    await buildAggregates(db); // an empty table: ready at once, then kept by the middleware
  }
  const r = seededRandom(42);
  const started = performance.now();
  for (let i = 0; i < count; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - i) }, (_, k) => generate(r, i + k));
    await db.transaction('rw', db.responses, db.meta, () => db.responses.bulkAdd(batch as never));
  }
  db.close();
  return performance.now() - started;
}

/** What the dashboard does: read the stored aggregate. */
export async function readIncremental(): Promise<{ ms: number; n: number; result: unknown }> {
  const db = await open();
  const started = performance.now();
  const result = await readAggregate(db, EFFECTIVE_COVERAGE, levels);
  const ms = performance.now() - started;
  db.close();
  if (!result) throw new Error('aggregate missing');
  return { ms, n: result.total.denominator, result };
}

/** Every response read in a worker, while the page's main thread is watched for stalls. */
export async function recomputeInWorker(): Promise<{ ms: number; maxGapMs: number; result: unknown }> {
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  const worker = startIndicatorWorker(DB);
  const [result] = await worker.recompute([EFFECTIVE_COVERAGE], { [EFFECTIVE_COVERAGE.key]: levels });
  const ms = performance.now() - started;
  worker.terminate();
  clearInterval(timer);
  return { ms, maxGapMs, result };
}
