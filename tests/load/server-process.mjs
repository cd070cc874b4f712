// Piso's server (src/server/server.mjs) as a separate process, as `npm run server` runs
// it, so that a test can kill it outright (SIGKILL: no shutdown, no flush) and start it
// again on the same data directory and port. It runs with an admin and a password, as in
// a pilot: databases are closed to all but their members.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../../src/server/server.mjs', import.meta.url));

/** A port free right now on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function answering(url, child, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the server did not answer on ${url} within ${ms} ms`);
}

/**
 * Starts the server on `port` with its data in `dir`. Returns { url, admin, start, kill,
 * stop }: admin is { name, password }; kill() is SIGKILL and resolves once the process
 * is gone; start() runs it again on the same directory and port.
 */
export async function serverProcess({ dir, port, readyMs = 30_000 }) {
  const url = `http://127.0.0.1:${port}`;
  const admin = { name: 'admin', password: randomBytes(12).toString('hex') };
  let child;
  const start = async () => {
    child = spawn(process.execPath, [SERVER], {
      env: {
        ...process.env,
        PISO_SERVER_DIR: dir,
        PISO_SERVER_PORT: String(port),
        PISO_SERVER_HOST: '127.0.0.1',
        PISO_ADMIN_USER: admin.name,
        PISO_ADMIN_PASSWORD: admin.password,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await answering(url, child, readyMs);
  };
  const kill = () =>
    new Promise((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  await start();
  return { url, admin, start, kill, stop: kill };
}
