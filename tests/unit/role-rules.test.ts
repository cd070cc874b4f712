// What the app lets a role do, which servers it accepts, and how it words a refusal.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { mayChangeKind, pisoRoleOf } from '../../src/lib/state/role';
import { isInsecureServer } from '../../src/lib/sync/config';
import { CouchClient } from '../../src/lib/sync/couch-client';
import { SyncError } from '../../src/lib/sync/errors';
import { isExplainedRefusal, serverRefusalProblem } from '../../src/lib/i18n/server-refusal';
import sync from '../../locales/en/sync.json';
import records from '../../locales/en/records.json';

describe('roles', () => {
  it('takes the strongest Piso role, and none when the server names none', () => {
    expect(pisoRoleOf(['enumerator', 'supervisor'])).toBe('supervisor');
    expect(pisoRoleOf(['_admin'])).toBe('admin');
    expect(pisoRoleOf(['admin', 'enumerator'])).toBe('admin');
    expect(pisoRoleOf(['enumerator', 'slv-team'])).toBe('enumerator');
    expect(pisoRoleOf(['slv-team'])).toBeNull();
  });

  it('lets an enumerator change responses and the cases they visit only; everyone else (or no role) everything', () => {
    const kinds = ['project', 'outcome', 'indicator', 'form', 'response', 'entity'] as const;
    expect(kinds.filter((kind) => mayChangeKind('enumerator', kind))).toEqual(['response', 'entity']);
    for (const role of ['supervisor', 'admin', null] as const) expect(kinds.every((kind) => mayChangeKind(role, kind))).toBe(true);
  });
});

describe('servers', () => {
  it('refuses http:// except on this machine', () => {
    expect(isInsecureServer('http://couch.example.org')).toBe(true);
    expect(isInsecureServer('http://192.168.1.20:5984/couch')).toBe(true);
    expect(isInsecureServer(' http://localhost:5984 ')).toBe(false);
    expect(isInsecureServer('http://127.0.0.1:5984/couch')).toBe(false);
    expect(isInsecureServer('https://couch.example.org')).toBe(false);
    expect(isInsecureServer('')).toBe(false);
  });

  it('a client of an insecure server cannot even be made', () => {
    let error: unknown;
    try {
      new CouchClient({ url: 'http://couch.example.org', database: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('sync.insecure');
  });
});

describe('a server refusal in words', async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', resources: { en: { translation: { ...sync, ...records } } } });
  const t = i18n.t.bind(i18n) as (key: string, params?: Record<string, unknown>) => string;

  it('explains the roles the server enforces', () => {
    expect(serverRefusalProblem(t, { kind: 'outcome', reason: 'role-kind: the role enumerator cannot change outcome records' })).toBe(
      'your role cannot change outcomes',
    );
    expect(serverRefusalProblem(t, { kind: 'response', reason: 'role-others: …' })).toMatch(/^an enumerator can only change/);
    expect(isExplainedRefusal('role-none: the user x has no Piso role')).toBe(true);
  });

  it('says only "the server refused it" for a rule of the server\'s own (its text goes to the detail line)', () => {
    expect(serverRefusalProblem(t, { kind: 'project', reason: 'P-2 is reserved' })).toBe(t('failure.serverRefused'));
    expect(isExplainedRefusal('P-2 is reserved')).toBe(false);
    expect(isExplainedRefusal('hlc must be a non-empty string')).toBe(false);
  });
});
