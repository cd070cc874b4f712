// The CouchDB HTTP API as the app uses it: JSON requests to one database, and cookie
// sessions. Works with Apache CouchDB 3, Cloudant and PouchDB Server.
// The password goes to POST /_session once and is never kept; the browser keeps the
// session cookie (credentials: 'include').

import { isInsecureServer } from './config';
import { SyncError, errorOfStatus } from './errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface CouchClientOptions {
  /** Server address, e.g. https://couch.example.org (no trailing database). */
  url: string;
  database: string;
  /** Tests pass a wrapper that cuts the connection mid-sync. */
  fetch?: FetchLike;
}

export interface SessionInfo {
  /** null when not signed in (or, on an admin-party server, anonymous). */
  name: string | null;
  roles: string[];
}

export class CouchClient {
  readonly url: string;
  readonly database: string;
  readonly #fetch: FetchLike;
  /**
   * Node's fetch (unit tests, scripts) has no cookie jar: there the client keeps the
   * session cookie itself. In a browser it never does; the browser keeps it, HttpOnly.
   */
  #cookie: string | undefined;

  /** Throws sync.insecure for an http:// server on another machine: nothing is ever sent to it. */
  constructor(options: CouchClientOptions) {
    if (isInsecureServer(options.url)) throw new SyncError('sync.insecure', { url: options.url });
    this.url = options.url.replace(/\/+$/, '');
    this.database = options.database;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** A path inside the database: dbPath('_changes') → /piso/_changes. */
  dbPath(path = ''): string {
    return `/${encodeURIComponent(this.database)}${path ? `/${path}` : ''}`;
  }

  /** A JSON request; a non-2xx answer throws a classified SyncError. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    const parsed = await response.json().catch(() => undefined);
    if (!response.ok) throw errorOfStatus(response.status, parsed);
    return parsed as T;
  }

  /** The raw response, for callers that handle some failures themselves (a 404). */
  async send(method: string, path: string, body?: unknown): Promise<Response> {
    return this.sendBody(method, path, body === undefined ? undefined : { data: JSON.stringify(body), type: 'application/json' });
  }

  /**
   * The raw response to a request whose body is sent as it is: a file's bytes in a
   * multipart document (sync/file-doc.ts), a Blob the browser streams from disk.
   */
  async sendBody(method: string, path: string, body?: { data: BodyInit; type: string }): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = body.type;
    if (this.#cookie) headers.cookie = this.#cookie;
    let response: Response;
    try {
      response = await this.#fetch(`${this.url}${path}`, {
        method,
        headers,
        body: body?.data,
        credentials: 'include',
        cache: 'no-store',
      });
    } catch (error) {
      // No answer at all: offline, a wrong address, a cut connection, or CORS refused.
      throw new SyncError('sync.unreachable', { reason: error instanceof Error ? error.message : String(error) });
    }
    if (typeof document === 'undefined') {
      const set = response.headers.get('set-cookie');
      if (set) this.#cookie = set.split(';')[0];
    }
    return response;
  }

  async signIn(name: string, password: string): Promise<SessionInfo> {
    const answer = await this.request<{ name: string | null; roles: string[] }>('POST', '/_session', { name, password });
    return { name: answer.name ?? name, roles: answer.roles ?? [] };
  }

  async session(): Promise<SessionInfo> {
    const answer = await this.request<{ userCtx: { name: string | null; roles: string[] } }>('GET', '/_session');
    return { name: answer.userCtx.name, roles: answer.userCtx.roles };
  }

  async signOut(): Promise<void> {
    await this.request('DELETE', '/_session');
    this.#cookie = undefined;
  }

  /** Reads the database's info: the cheapest check of address, session and membership. */
  async checkAccess(): Promise<void> {
    try {
      await this.request('GET', this.dbPath());
    } catch (error) {
      // PouchDB Server answers 401 to a signed-in user who is not a member, where
      // CouchDB 3 answers 403: a live session means "no permission", not "sign in".
      if (error instanceof SyncError && error.code === 'sync.unauthorized' && (await this.session()).name) {
        throw new SyncError('sync.forbidden', error.params);
      }
      throw error;
    }
  }
}
