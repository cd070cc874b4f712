import './app.css';
import { mount, unmount } from 'svelte';
import App from './App.svelte';
import { startDatabase, StorageUnavailableError } from './lib/db';
import { locale } from './lib/state/locale.svelte';
import { pwa } from './lib/state/pwa.svelte';
import { incomingFile } from './lib/state/incoming-file.svelte';
import { startup } from './lib/state/startup.svelte';

const target = document.getElementById('app')!;

// No top-level await here: Rolldown merges shared chunks only when no module uses it.
async function start(): Promise<void> {
  // Opening IndexedDB is mostly waiting: the strings load and the app mounts meanwhile
  // (its screens wait for the database).
  // Another tab upgraded the database: ask to reload, never reload mid-interview.
  const storage = startDatabase({ onVersionChange: () => pwa.databaseUpgradedElsewhere() });
  startup.opening(storage);
  await locale.init();
  const app = mount(App, { target });
  try {
    await storage;
  } catch (error) {
    if (!(error instanceof StorageUnavailableError)) throw error;
    void unmount(app);
    // Even when storage fails, the app shell must be cached.
    void pwa.register();
    const { default: StorageErrorPage } = await import('./pages/storage-error/StorageErrorPage.svelte');
    mount(StorageErrorPage, { target, props: { reason: error.reason } });
    return;
  }
  incomingFile.listen();
  // Nothing below is needed to show the first screen: it waits until that is painted.
  void startup.afterFirstScreen(async () => {
    void pwa.register();
    void startup.rest();
    // Sync when the app opens, when the connection returns, and every five minutes.
    // After the rest: the first sync sends the whole seed, as it always has.
    const { sync } = await import('./lib/state/sync.svelte');
    await startup.rest().finally(() => sync.start());
  });
}

void start();
