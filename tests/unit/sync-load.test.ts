// The load and faults suite at CI size (issue 12.5; full size: tests/bench/sync-load.mjs):
// five devices, each the app's sync code over its own database with its own clock, create
// and correct responses while syncing concurrently with the server run as a separate
// process; requests are cut at random and the server is killed (SIGKILL) and started again
// on the same data once. Nothing may be lost or doubled, and every device must end up
// holding what the server holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, serverProcess, type ServerProcess } from '../load/server-process.mjs';
import { runLoad } from '../load/load-run';

const DATABASE = 'piso-load';
let dir: string;
let server: ServerProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'piso-load-'));
  server = await serverProcess({ dir, port: await freePort() });
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('load and faults', () => {
  it('five devices, cut requests and a killed server: nothing lost, nothing doubled, all converge', async () => {
    const report = await runLoad({
      url: server.url,
      admin: server.admin,
      database: DATABASE,
      devices: 5,
      responses: 20,
      rounds: 4,
      corrections: 3,
      cutRate: 0.1,
      killServer: () => server.kill(),
      startServer: () => server.start(),
    });
    expect(report).toMatchObject({ lost: 0, duplicates: 0, diverged: 0, conflicts: 0, refused: 0, quarantined: 0, responses: 100 });
    // The faults happened: every way of cutting a request, and syncs that failed and were tried again.
    expect(report.edits).toBeGreaterThan(0);
    expect(report.instancesAdded).toBeGreaterThan(0);
    expect(report.cuts.before).toBeGreaterThan(0);
    expect(report.cuts.during).toBeGreaterThan(0);
    expect(report.cuts.after).toBeGreaterThan(0);
    expect(report.failedSyncs).toBeGreaterThan(0);
    expect(report.resumeMs).toBeGreaterThan(0);
  }, 120_000);
});
