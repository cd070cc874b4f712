// Which kept draft an edit form takes back. localStorage, sessionStorage and Web Locks
// are browser APIs Node lacks: they are given here as plain in-memory versions.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { draftUse, type EditDraft } from '../../src/pages/record-edit/edit-draft';
import { MemoryStorage } from './memory-storage';


/** Tabs holding their lock: the ones still open. */
const heldLocks = new Set<string>();

beforeEach(() => {
  vi.resetModules();
  heldLocks.clear();
  vi.stubGlobal('localStorage', new MemoryStorage());
  vi.stubGlobal('sessionStorage', new MemoryStorage());
  vi.stubGlobal('navigator', {
    locks: {
      request: (name: string) => {
        heldLocks.add(name);
        return new Promise(() => {});
      },
      query: async () => ({ held: [...heldLocks].map((name) => ({ name })) }),
    },
  });
});
afterEach(() => vi.unstubAllGlobals());

const draft = (title: string, at: string) => ({ base: { title: '' }, values: { title }, baseHlc: 'h1', conflicts: [], at });

describe('findDraft', () => {
  it("takes this tab's draft first (a reload: the tab's id is in sessionStorage)", async () => {
    const { draftKey, findDraft, recordPrefix, tabId, writeDraft } = await import('../../src/pages/record-edit/edit-draft');
    const mine = draftKey('project', 'p1');
    writeDraft(mine, draft('mine', '2026-12-01T10:00:00.000Z'));
    writeDraft(`${recordPrefix('project', 'p1')}gone-tab`, draft('gone', '2026-12-01T11:00:00.000Z'));
    expect(sessionStorage.getItem('piso.tab')).toBe(tabId());
    expect(await findDraft(recordPrefix('project', 'p1'), mine)).toMatchObject({ key: mine, own: true, draft: { values: { title: 'mine' } } });
  });

  it('else the latest left by a tab that is gone; never one of a tab still open, nor of another record', async () => {
    const { draftKey, findDraft, recordPrefix, writeDraft } = await import('../../src/pages/record-edit/edit-draft');
    const prefix = recordPrefix('project', 'p1');
    const mine = draftKey('project', 'p1');
    heldLocks.add('piso.tab.open-tab');
    writeDraft(`${prefix}open-tab`, draft('open', '2026-12-01T12:00:00.000Z'));
    writeDraft(`${prefix}old-tab`, draft('old', '2026-12-01T09:00:00.000Z'));
    writeDraft(`${prefix}gone-tab`, draft('gone', '2026-12-01T11:00:00.000Z'));
    writeDraft(`${recordPrefix('project', 'p2')}x`, draft('other record', '2026-12-01T13:00:00.000Z'));
    localStorage.setItem(`${prefix}broken`, '{not json');
    expect(await findDraft(prefix, mine)).toMatchObject({ key: `${prefix}gone-tab`, own: false, draft: { values: { title: 'gone' } } });
    heldLocks.add('piso.tab.gone-tab');
    heldLocks.add('piso.tab.old-tab');
    expect(await findDraft(prefix, mine)).toBeNull();
  });
});

describe('a kept draft', () => {
  const kept: EditDraft<unknown> = { base: {}, values: {}, baseHlc: 'h1', conflicts: [], at: '2026-12-01T10:00:00.000Z' };
  it("this tab's is taken back when the record has not changed since, offered when it has", () => {
    expect(draftUse({ draft: kept, own: true }, 'h1')).toBe('apply');
    expect(draftUse({ draft: kept, own: true }, 'h2')).toBe('offer');
    expect(draftUse({ draft: { ...kept, baseHlc: null }, own: true }, null)).toBe('apply');
  });
  it("one left by a tab that is gone is only offered", () => {
    expect(draftUse({ draft: kept, own: false }, 'h1')).toBe('offer');
  });
});
