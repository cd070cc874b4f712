// Where to sync, kept in localStorage: server address, database, and the name and roles
// of the signed-in user. Never the password: the server's session cookie (HttpOnly, kept
// by the browser) stands for it.

export interface SyncConfig {
  url: string;
  database: string;
  /** The user signed in with POST /_session; null when signed out. */
  user: string | null;
  /** The user's roles on the server as the sign-in answered (what the app lets them edit). */
  roles: string[];
}

const CONFIG_KEY = 'piso.sync';
const LAST_SUCCESS_KEY = 'piso.sync.lastSuccess';

/** In development the in-memory server that `npm start` runs. */
const DEFAULT_CONFIG: SyncConfig = import.meta.env.DEV
  ? { url: 'http://127.0.0.1:5984', database: 'piso', user: null, roles: [] }
  : { url: '', database: '', user: null, roles: [] };

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
      const roles = Array.isArray(saved.roles) ? saved.roles.filter((r): r is string => typeof r === 'string') : [];
      return { url: saved.url, database: saved.database, user: typeof saved.user === 'string' ? saved.user : null, roles };
    }
  } catch {
    // A damaged entry: start from the defaults.
  }
  return { ...DEFAULT_CONFIG };
}

export function saveConfig(config: SyncConfig): void {
  write(CONFIG_KEY, JSON.stringify(config));
}

/** Hosts where plain http:// is accepted: this machine only, where nothing crosses a network. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1'];

/**
 * Whether the address would send the password and the data in clear over a network:
 * http:// to any host but this machine. Such a server is refused (sync.insecure).
 */
export function isInsecureServer(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false; // not an address at all: the connection fails as unreachable
  }
  return parsed.protocol === 'http:' && !LOCAL_HOSTS.includes(parsed.hostname);
}

export const isConfigured = (config: SyncConfig) => config.url.trim() !== '' && config.database.trim() !== '';

export function loadLastSuccess(): string | null {
  return read(LAST_SUCCESS_KEY);
}

export function saveLastSuccess(iso: string): void {
  write(LAST_SUCCESS_KEY, iso);
}
