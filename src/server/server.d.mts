// Types of server.mjs, for the TypeScript tests that start it.
export interface PisoServer {
  /** Address of CouchDB's API (ends in /couch when the app is served beside it). */
  url: string;
  close(): Promise<void>;
}
export interface PisoServerOptions {
  /** Data directory (required unless memory). */
  dir?: string;
  /** Keep everything in memory, gone on close (tests). */
  memory?: boolean;
  port?: number;
  host?: string;
  adminUser?: string;
  adminPassword?: string;
  /** Allows starting without an admin password (admin party). */
  dev?: boolean;
  /** Serve the built app (dist/, or this directory) on the same origin. */
  app?: boolean | string;
  /** Origins allowed by CORS (an app served elsewhere). */
  origins?: string[];
}
export const COUCH_PATH_WITH_APP: string;
export function startPisoServer(options?: PisoServerOptions): Promise<PisoServer>;
