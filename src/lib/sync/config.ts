// Where to sync, kept in localStorage: server address, database, and the name of the
// signed-in user. Never the password: the server's session cookie stands for it.

export interface SyncConfig {
  url: string;
  database: string;
  /** The user signed in with POST /_session; null when signed out. */
  user: string | null;
}

const CONFIG_KEY = 'piso.sync';
const LAST_SUCCESS_KEY = 'piso.sync.lastSuccess';

/** In development the in-memory server that `npm start` runs. */
const DEFAULT_CONFIG: SyncConfig = import.meta.env.DEV
  ? { url: 'http://127.0.0.1:5984', database: 'piso', user: null }
  : { url: '', database: '', user: null };

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage blocked: sync settings last until the tab closes
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // As above: kept in memory only.
  }
}

export function loadConfig(): SyncConfig {
  try {
    const saved = JSON.parse(read(CONFIG_KEY) ?? 'null') as Partial<SyncConfig> | null;
    if (saved && typeof saved.url === 'string' && typeof saved.database === 'string') {
      return { url: saved.url, database: saved.database, user: typeof saved.user === 'string' ? saved.user : null };
    }
  } catch {
    // A damaged entry: start from the defaults.
  }
  return { ...DEFAULT_CONFIG };
}

export function saveConfig(config: SyncConfig): void {
  write(CONFIG_KEY, JSON.stringify(config));
}

export const isConfigured = (config: SyncConfig) => config.url.trim() !== '' && config.database.trim() !== '';

export function loadLastSuccess(): string | null {
  return read(LAST_SUCCESS_KEY);
}

export function saveLastSuccess(iso: string): void {
  write(LAST_SUCCESS_KEY, iso);
}
