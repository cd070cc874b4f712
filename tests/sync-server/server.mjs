// A CouchDB-compatible server in memory on 127.0.0.1, for development and tests only
// (express-pouchdb over PouchDB's memory adapter: no native build, gone on exit).
// Usage: node tests/sync-server/server.mjs [--port 5984] [--origin http://127.0.0.1:4173]
// or import { startSyncServer } from it.
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import mapreduce from 'pouchdb-mapreduce';
import { fileURLToPath } from 'node:url';

const BasePouch = PouchDB.plugin(memory).plugin(http).plugin(replication).plugin(mapreduce);
// The memory adapter keeps databases per process: a prefix per server makes every
// server start empty, so a test can restart one (same port) and find nothing there.
let servers = 0;

/** Starts a fresh, empty server; resolves with its URL and a close() function. */
export function startSyncServer({ port = 5984, origins = ['http://127.0.0.1:4173'] } = {}) {
  const MemoryPouch = BasePouch.defaults({ adapter: 'memory', prefix: `server-${servers++}-` });
  const app = express();
  // The app runs on another origin in development: CORS with credentials for cookie sessions.
  app.use((req, res, next) => {
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
  });
  app.use('/', expressPouchDB(MemoryPouch, { mode: 'fullCouchDB', inMemoryConfig: true, logPath: '/dev/null' }));
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        // Keep-alive connections too: a client must see this server gone, as after a crash.
        close: () =>
          new Promise((done) => {
            // A moment more, so that clients in this process notice before their next request.
            server.close(() => setTimeout(done, 50));
            server.closeAllConnections();
          }),
      });
    });
    server.on('error', reject);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const { url } = await startSyncServer({
    port: Number(arg('--port', 5984)),
    origins: arg('--origin', 'http://127.0.0.1:4173,http://localhost:4173,http://127.0.0.1:5173,http://localhost:5173').split(','),
  });
  console.log(`CouchDB-compatible sync server (in memory) on ${url}`);
}
