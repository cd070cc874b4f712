// The load and faults suite at full size (issue 12.5; CI size: tests/unit/sync-load.test.ts):
// 50 devices, each the app's sync code over its own IndexedDB (fake-indexeddb, in Node:
// no browser) with its own device id and clock, create 200 responses each and correct
// responses other devices created, syncing concurrently with Piso's server run as a
// separate process; requests are cut at random and the server is killed (SIGKILL) and
// started again once on the same data, halfway through.
// sync-50-devices-ms: from the first device's start until a final round of syncs moves nothing.
// sync-50-devices-lost: responses, corrections (history entries) and repeat instances
// missing on the server or on a device at the end; must be 0.
// server-restart-resume-ms: from the kill until every device completed a sync again.
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { serverProcess } from '../load/server-process.mjs';

const DEVICES = Number(process.env.BENCH_LOAD_DEVICES ?? 50);
const RESPONSES = Number(process.env.BENCH_LOAD_RESPONSES ?? 200);
const PORT = Number(process.env.BENCH_LOAD_SERVER_PORT ?? 5996);

// No browser: the devices run in this process, as the unit tests run them.
export async function run() {
  // Vite compiles the TypeScript for Node, as Vitest does for the unit tests.
  const vite = await createServer({ configFile: false, logLevel: 'warn', appType: 'custom', server: { middlewareMode: true, hmr: false }, optimizeDeps: { noDiscovery: true, entries: [] } });
  const module = await vite.ssrLoadModule(fileURLToPath(new URL('../load/load-run.ts', import.meta.url)));
  const dir = await mkdtemp(join(tmpdir(), 'piso-bench-load-'));
  const server = await serverProcess({ dir, port: PORT });
  try {
    const report = await module.runLoad({
      url: server.url,
      admin: server.admin,
      database: 'piso-load',
      devices: DEVICES,
      responses: RESPONSES,
      rounds: 5,
      corrections: 5,
      cutRate: 0.05,
      killServer: () => server.kill(),
      startServer: () => server.start(),
      log: (line) => console.log(`sync-load: ${line}`),
    });
    const { cuts } = report;
    console.log(
      `sync-load: ${report.responses} responses, ${report.edits} corrections, ${report.instancesAdded} repeat instances added; ` +
        `${cuts.requests} requests, cut ${cuts.before} before, ${cuts.during} under way, ${cuts.after} after the answer; ` +
        `${report.failedSyncs} failed syncs tried again; ${report.finalPasses} final passes`,
    );
    const n = `${DEVICES}-devices`;
    console.log(`bench: sync-${n}-ms = ${Math.round(report.ms)} ms`);
    console.log(`bench: sync-${n}-lost = ${report.lost} count`);
    console.log(`bench: sync-${n}-duplicates = ${report.duplicates} count`);
    console.log(`bench: server-restart-resume-ms = ${Math.round(report.resumeMs)} ms`);
    const wrong = ['lost', 'duplicates', 'diverged', 'conflicts', 'refused', 'quarantined'].filter((key) => report[key] !== 0);
    if (wrong.length > 0) throw new Error(`sync-load: ${wrong.map((key) => `${key} ${report[key]}`).join(', ')}`);
  } finally {
    await server.stop();
    await vite.close();
    await rm(dir, { recursive: true, force: true });
  }
}
