// How many records wait to go up (lib/db/sync-store.ts counts them through an index).

export { countUnpushed as countPending } from '../db/sync-store';
