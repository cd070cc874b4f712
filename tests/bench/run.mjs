// `npm run bench`: serves the built app with `vite preview`, runs every benchmark in
// Debian's Chromium, and prints one line per figure: `bench: <name> = <number> <unit>`.
// Usage: node tests/bench/run.mjs [name]: one benchmark (its exact name), or all
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4280);
const baseURL = `http://127.0.0.1:${PORT}`;
// Each module exports `run({ browser, baseURL })`; the order is cheapest first.
const BENCHES = ['first-load', 'offline-start', 'form', 'select-50k', 'photo', 'responses', 'entities-apply', 'entities-select', 'bundle', 'export', 'coverage', 'sync', 'sync-load'];

async function waitForServer(url, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch (e) {
      if (process.env.BENCH_DEBUG) console.error(e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not start on ${url}`);
}

const filter = process.argv[2];
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
server.stdout.resume();
let failed = false;
try {
  await waitForServer(baseURL);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    for (const name of BENCHES) {
      if (filter && name !== filter) continue;
      const file = new URL(`./${name}.mjs`, import.meta.url);
      if (!existsSync(file)) continue;
      try {
        const { run } = await import(file.href);
        await run({ browser, baseURL });
      } catch (error) {
        failed = true;
        console.error(`bench ${name} failed:`, error);
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  server.kill();
}
process.exit(failed ? 1 : 0);
