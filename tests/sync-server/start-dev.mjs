// `npm start`: the in-memory sync server on 127.0.0.1:5984 beside `vite preview` on
// 127.0.0.1:4173, both stopped by Ctrl-C. The server starts in admin party with a
// database `piso` and a user piso/piso to sign in with (development only).
import { spawn } from 'node:child_process';
import { startSyncServer } from './server.mjs';

const server = await startSyncServer({ port: 5984, origins: ['http://127.0.0.1:4173', 'http://localhost:4173'] });
await fetch(`${server.url}/piso`, { method: 'PUT' });
await fetch(`${server.url}/_users/org.couchdb.user:piso`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'piso', password: 'piso', roles: [], type: 'user' }),
});
console.log(`CouchDB-compatible sync server (in memory) on ${server.url}, database "piso", user piso / piso`);

const preview = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', '4173', '--strictPort'],
  { stdio: 'inherit' },
);

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  preview.kill('SIGTERM');
  await server.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
preview.on('exit', (code) => void stop(code ?? 0));
