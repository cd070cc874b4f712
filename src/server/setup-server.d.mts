// Types of setup-server.mjs, for the TypeScript tests that run it.
export interface PisoUser {
  name: string;
  role: string;
  password?: string;
}
export const PISO_ROLES: string[];
export function setUpServer(options: {
  url: string;
  database: string;
  users?: PisoUser[];
  admin?: { user: string; password: string };
  log?: (line: string) => void;
}): Promise<void>;
export function parseUsersCsv(text: string): PisoUser[];
