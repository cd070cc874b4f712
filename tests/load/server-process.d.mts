// Types of server-process.mjs, for the TypeScript tests that start it.
export interface ServerProcess {
  url: string;
  admin: { name: string; password: string };
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}
export function freePort(): Promise<number>;
export function serverProcess(options: { dir: string; port: number; readyMs?: number }): Promise<ServerProcess>;
