// Piso's server: a CouchDB-compatible server for a pilot or a field office laptop
// (express-pouchdb over PouchDB's LevelDB adapter; leveldown ships prebuilt binaries, so
// nothing compiles). Data lives in one directory and survives restarts; `memory: true`
// keeps it in memory instead (the unit and browser tests).
//
//   node src/server/server.mjs [--dev] [--app] [--dir DIR] [--port N] [--host H] [--origin URL,URL]
//   env: PISO_SERVER_DIR (./data/server; ./data/dev with --dev), PISO_SERVER_PORT (5984),
//        PISO_SERVER_HOST (127.0.0.1), PISO_ADMIN_USER (admin), PISO_ADMIN_PASSWORD (required
//        unless --dev), PISO_SERVER_ORIGINS (CORS; with --dev, vite's dev and preview origins)
//
// As in Apache CouchDB 3, a database is closed to everyone but admins until its
// _security names members (database-access.mjs). With `app`, the built app (dist/) is
// served on the same origin and CouchDB moves to /couch, so the app needs no CORS.
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import leveldb from 'pouchdb-adapter-leveldb';
import memoryAdapter from 'pouchdb-adapter-memory';
import httpAdapter from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import mapreduce from 'pouchdb-mapreduce';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeNewDatabases } from './database-access.mjs';
import { serveApp } from './serve-app.mjs';
import { validateWrites } from './validation.mjs';

const BasePouch = PouchDB.plugin(leveldb).plugin(memoryAdapter).plugin(httpAdapter).plugin(replication).plugin(mapreduce);
// The memory adapter keeps databases per process: a prefix per server makes every
// in-memory server start empty, so a test can restart one (same port) and find nothing.
let memoryServers = 0;

/** Where CouchDB's API lives when the app is served beside it. */
export const COUCH_PATH_WITH_APP = '/couch';

/**
 * Starts the server; resolves with its URL (of CouchDB's API) and close().
 * @param {{ dir?: string, memory?: boolean, port?: number, host?: string, adminUser?: string,
 *   adminPassword?: string, dev?: boolean, app?: boolean | string, origins?: string[] }} options
 */
export async function startPisoServer({
  dir,
  memory = false,
  port = 5984,
  host = '127.0.0.1',
  adminUser = 'admin',
  adminPassword,
  dev = false,
  app = false,
  origins = [],
} = {}) {
  if (!memory && !dir) throw new Error('startPisoServer: a data directory (dir) is required');
  if (!adminPassword && !dev) {
    throw new Error('Piso server: set PISO_ADMIN_PASSWORD (an admin password), or run with --dev for development');
  }

  let Pouch;
  let configPath;
  if (memory) {
    Pouch = BasePouch.defaults({ adapter: 'memory', prefix: `server-${memoryServers++}-` });
  } else {
    const root = resolve(dir);
    mkdirSync(root, { recursive: true });
    Pouch = BasePouch.defaults({ adapter: 'leveldb', prefix: `${root}/` });
    configPath = join(root, 'config.json');
    writeConfig(configPath, { adminUser, adminPassword });
  }

  const couch = expressPouchDB(Pouch, {
    mode: 'fullCouchDB',
    inMemoryConfig: memory,
    configPath,
    logPath: memory ? '/dev/null' : join(resolve(dir), 'log.txt'),
    // Fauxton would load its UI from a CDN; admins use curl or the setup tool.
    // validate_doc_update is run by validation.mjs instead, a _bulk_docs as one batch.
    overrideMode: { exclude: ['routes/fauxton', 'validation'] },
  });
  validateWrites(couch, Pouch);
  closeNewDatabases(couch);
  if (memory) await configureInMemory(couch.couchConfig, { adminUser, adminPassword });

  const server = express();
  server.disable('x-powered-by');
  if (origins.length) server.use(cors(origins));
  const couchPath = app ? COUCH_PATH_WITH_APP : '';
  if (app) {
    server.use(couchPath, couch);
    server.use(serveApp(typeof app === 'string' ? app : 'dist'));
  } else {
    server.use(couch);
  }

  return new Promise((resolveStart, reject) => {
    const listener = server.listen(port, host, () => {
      const address = listener.address();
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolveStart({
        url: `http://${shownHost}:${address.port}${couchPath}`,
        // Keep-alive connections too: a client must see this server gone, as after a crash.
        close: async () => {
          await new Promise((done) => {
            // A moment more, so that clients in this process notice before their next request.
            listener.close(() => setTimeout(done, 50));
            listener.closeAllConnections();
          });
          // Its listeners on PouchDB's events go too: tests start many servers in one process.
          await couch.daemonManager.stop(Pouch);
        },
      });
    });
    listener.on('error', reject);
  });
}

/**
 * Server admin, and a cookie secret kept in config.json so that sessions outlive a restart.
 * Written before express-pouchdb reads the file: it hashes the admin's password as it
 * starts (as CouchDB does with local.ini), and a later config.set() would race that write.
 */
function writeConfig(configPath, { adminUser, adminPassword }) {
  const config = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : {};
  config.couch_httpd_auth = { ...config.couch_httpd_auth };
  config.couch_httpd_auth.secret ||= randomBytes(32).toString('hex');
  // A field team signs in once a day, not every ten minutes (the README's CouchDB advice too).
  // Not allow_persistent_cookies: express-pouchdb would give the cookie a max-age in
  // milliseconds equal to this timeout in seconds (86 s).
  config.couch_httpd_auth.timeout ??= 86400;
  if (adminPassword) config.admins = { ...config.admins, [adminUser]: adminPassword };
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

/** The same settings for a server in memory (its configuration has no file). */
async function configureInMemory(config, { adminUser, adminPassword }) {
  if (!adminPassword) return;
  await new Promise((done, fail) => config.set('admins', adminUser, adminPassword, (error) => (error ? fail(error) : done())));
}

/** The app on another origin (vite dev or preview): CORS with credentials for cookie sessions. */
function cors(origins) {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && (origins.includes('*') || origins.includes(origin))) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, HEAD, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'accept, authorization, content-type, origin, referer');
      res.setHeader('Access-Control-Expose-Headers', 'content-type, cache-control, accept-ranges, etag, server, x-couch-request-id');
      if (req.method === 'OPTIONS') return res.status(204).end();
    }
    next();
  };
}

const DEV_ORIGINS = ['5173', '4173'].flatMap((port) => [`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

/** Options of the command line and the environment. */
export function optionsOf(argv, env) {
  const flag = (name) => argv.includes(name);
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dev = flag('--dev');
  const origins = arg('--origin') ?? env.PISO_SERVER_ORIGINS;
  return {
    dir: arg('--dir') ?? env.PISO_SERVER_DIR ?? (dev ? './data/dev' : './data/server'),
    port: Number(arg('--port') ?? env.PISO_SERVER_PORT ?? 5984),
    host: arg('--host') ?? env.PISO_SERVER_HOST ?? '127.0.0.1',
    adminUser: env.PISO_ADMIN_USER || 'admin',
    adminPassword: env.PISO_ADMIN_PASSWORD || undefined,
    dev,
    app: flag('--app'),
    // In development, the app may also come from `npm run dev` or `npm run preview`.
    origins: origins ? origins.split(',') : dev ? DEV_ORIGINS : [],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = optionsOf(process.argv.slice(2), process.env);
  let started;
  try {
    started = await startPisoServer(options);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  console.log(`Piso server: CouchDB API on ${started.url}, data in ${resolve(options.dir)}`);
  if (options.app) console.log(`Piso app on ${new URL(started.url).origin}/ (sync address ${started.url})`);
  if (!options.adminPassword) console.log('Development mode: no admin password, every request is an admin ("admin party")');
  if (options.dev) {
    const { setUpDevelopment } = await import('./dev-setup.mjs');
    console.log(await setUpDevelopment(started.url));
  }
  const stop = () => void started.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
