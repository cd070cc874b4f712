import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, retryDelay } from '../../src/pages/fill/autosave';
import { backupIsNewer, readBackup, sweepBackups, writeBackup } from '../../src/pages/fill/unload-backup';
import { MemoryStorage } from './memory-storage';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Autosave', () => {
  it('writes within the delay of the first change of a burst, and says when everything is written', async () => {
    const save = vi.fn(() => Promise.resolve());
    const settled = vi.fn();
    const autosave = new Autosave({ save, delayMs: 300, onSettled: settled });
    autosave.schedule();
    vi.advanceTimersByTime(200);
    autosave.schedule();
    expect(autosave.unsaved).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosave.unsaved).toBe(false);
    expect(settled).toHaveBeenCalledTimes(1);
  });

  it('flushes at once and never overlaps writes', async () => {
    let release!: () => void;
    const save = vi.fn(() => new Promise<void>((r) => (release = r)));
    const settled = vi.fn();
    const autosave = new Autosave({ save, delayMs: 300, onSettled: settled });
    autosave.schedule();
    void autosave.flush();
    autosave.schedule();
    const second = autosave.flush();
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    expect(save).toHaveBeenCalledTimes(1);
    release();
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    release();
    await second;
    expect(settled).toHaveBeenCalledTimes(1);
  });

  it('keeps a failed write unsaved and retries it with growing waits until one succeeds', async () => {
    let failuresLeft = 3;
    const save = vi.fn(() => (failuresLeft-- > 0 ? Promise.reject(new Error('disk')) : Promise.resolve()));
    const errors: unknown[] = [];
    const failing: boolean[] = [];
    const settled = vi.fn();
    const autosave = new Autosave({
      save,
      delayMs: 300,
      onError: (e) => errors.push(e),
      onFailingChange: (f) => failing.push(f),
      onSettled: settled,
    });
    autosave.schedule();
    await vi.advanceTimersByTimeAsync(300);
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosave.unsaved).toBe(true);
    expect(failing).toEqual([true]);
    expect(settled).not.toHaveBeenCalled();

    // First retry 1 s after the failure, the second 2 s after the next one.
    await vi.advanceTimersByTimeAsync(999);
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(save).toHaveBeenCalledTimes(2);
    // A change while failing does not hurry the retry, and is written by it.
    autosave.schedule();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(3);
    expect(errors).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(save).toHaveBeenCalledTimes(4);
    expect(autosave.unsaved).toBe(false);
    expect(failing).toEqual([true, false]);
    expect(settled).toHaveBeenCalledTimes(1);
    // Nothing left to write: no more attempts.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledTimes(4);
  });

  it('a flush while failing tries at once (the page is being left), and stop() ends the retries', async () => {
    const save = vi.fn(() => Promise.reject(new Error('closed')));
    const autosave = new Autosave({ save, delayMs: 300 });
    autosave.schedule();
    await autosave.flush();
    expect(save).toHaveBeenCalledTimes(1);
    await autosave.flush();
    expect(save).toHaveBeenCalledTimes(2);
    autosave.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(autosave.unsaved).toBe(true);
  });

  it('does not retry a refused write by itself: the next change tries again', async () => {
    const refusal = new Error('refused');
    let refuse = true;
    const save = vi.fn(() => (refuse ? Promise.reject(refusal) : Promise.resolve()));
    const failing: boolean[] = [];
    const autosave = new Autosave({ save, delayMs: 300, refused: (e) => e === refusal, onFailingChange: (f) => failing.push(f) });
    autosave.schedule();
    await vi.advanceTimersByTimeAsync(300);
    expect(save).toHaveBeenCalledTimes(1);
    // No retry, however long: it would be refused again.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosave.unsaved).toBe(true);
    expect(failing).toEqual([true]);
    // The enumerator changes the answer: written within the delay.
    refuse = false;
    autosave.schedule();
    await vi.advanceTimersByTimeAsync(300);
    expect(save).toHaveBeenCalledTimes(2);
    expect(autosave.unsaved).toBe(false);
    expect(failing).toEqual([true, false]);
  });

  it('waits 1, 2, 4... seconds between retries, never more than 30', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe('the page-hide copy of the answers', () => {
  const device = 'a1b2';
  const at = (iso: string, counter = 0) => `${iso}-${String(counter).padStart(4, '0')}-${device}`;

  it('wins over the stored response only when its clock is later', () => {
    const backup = { answers: { age: '45' }, cursor: 'age', hlc: at('2026-12-01T10:00:05.000Z') };
    expect(backupIsNewer(backup, { hlc: at('2026-12-01T10:00:04.000Z') })).toBe(true);
    // The flush of the same answers reached the database after the copy was made.
    expect(backupIsNewer(backup, { hlc: at('2026-12-01T10:00:05.000Z', 1) })).toBe(false);
    // A sync or another tab wrote the response later.
    expect(backupIsNewer(backup, { hlc: at('2026-12-01T11:00:00.000Z') })).toBe(false);
  });

  it('a copy from before clocks were kept wins, as it did then', () => {
    expect(backupIsNewer({ answers: {}, cursor: '' }, { hlc: at('2026-12-01T11:00:00.000Z') })).toBe(true);
  });
});

describe('sweeping the copies left behind', () => {
  const at = (iso: string) => `${iso}-0000-a1b2`;


  it('deletes copies older than their response or without one, keeps newer ones and the open interview', async () => {
    const storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
    try {
      for (const id of ['saved', 'unsaved', 'gone', 'open']) writeBackup(id, { answers: { id }, cursor: '', hlc: at('2026-12-01T10:00:00.000Z') });
      storage.setItem('piso.language', 'es');
      const clocks: Record<string, string> = {
        saved: at('2026-12-01T10:00:01.000Z'),
        unsaved: at('2026-12-01T09:59:00.000Z'),
        open: at('2026-12-01T11:00:00.000Z'),
      };
      await sweepBackups(async (id) => clocks[id], 'open');
      expect(readBackup('saved')).toBeNull();
      expect(readBackup('gone')).toBeNull();
      expect(readBackup('unsaved')?.answers).toEqual({ id: 'unsaved' });
      expect(readBackup('open')?.answers).toEqual({ id: 'open' });
      expect(storage.getItem('piso.language')).toBe('es');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
