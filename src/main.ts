import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import StorageErrorPage from './pages/storage-error/StorageErrorPage.svelte';
import { startDatabase, StorageUnavailableError } from './lib/db';
import { locale } from './lib/state/locale.svelte';
import { pwa } from './lib/state/pwa.svelte';
import { incomingFile } from './lib/state/incoming-file.svelte';
import { sync } from './lib/state/sync.svelte';

const target = document.getElementById('app')!;

await locale.init();
// The service worker first: even when storage fails, the app shell must be cached.
pwa.register();
try {
  // Another tab upgraded the database: ask to reload, never reload mid-interview.
  await startDatabase({ onVersionChange: () => pwa.databaseUpgradedElsewhere() });
  mount(App, { target });
  incomingFile.listen();
  // Sync when the app opens, when the connection returns, and every five minutes.
  sync.start();
} catch (error) {
  if (!(error instanceof StorageUnavailableError)) throw error;
  mount(StorageErrorPage, { target, props: { reason: error.reason } });
}
