// `npm start` (--dev): a database "piso" and a user piso / piso to sign in with, created
// once in the development data directory. Development only: a pilot uses setup-server.
import { setUpServer } from './setup-server.mjs';

export const DEV_DATABASE = 'piso';
export const DEV_USER = { name: 'piso', role: 'admin', password: 'piso' };

/** Sets up the development database and user; returns what to print. */
export async function setUpDevelopment(url) {
  await setUpServer({ url, database: DEV_DATABASE, users: [DEV_USER], log: () => {} });
  return `Development: database "${DEV_DATABASE}", user ${DEV_USER.name} / ${DEV_USER.password} (role ${DEV_USER.role}) — never use these on a real server`;
}
