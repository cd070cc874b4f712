// Types of server.mjs, for the TypeScript tests that start it.
export interface SyncServer {
  url: string;
  close(): Promise<void>;
}
export function startSyncServer(options?: { port?: number; origins?: string[] }): Promise<SyncServer>;
