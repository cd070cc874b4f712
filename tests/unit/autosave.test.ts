import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave } from '../../src/pages/fill/autosave';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Autosave', () => {
  it('writes within the delay of the first change of a burst, and says when everything is written', async () => {
    const save = vi.fn(() => Promise.resolve());
    const settled = vi.fn();
    const autosave = new Autosave(save, 300, () => {}, settled);
    autosave.schedule();
    vi.advanceTimersByTime(200);
    autosave.schedule();
    expect(autosave.unsaved).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosave.unsaved).toBe(false);
    expect(settled).toHaveBeenCalledTimes(1);
  });

  it('flushes at once, never overlaps writes, and keeps a failure unsettled', async () => {
    let release!: () => void;
    const save = vi.fn(() => new Promise<void>((r) => (release = r)));
    const errors: unknown[] = [];
    const settled = vi.fn();
    const autosave = new Autosave(save, 300, (e) => errors.push(e), settled);
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

    const failing = new Autosave(() => Promise.reject(new Error('quota')), 300, (e) => errors.push(e), settled);
    failing.schedule();
    await failing.flush();
    expect(errors).toHaveLength(1);
    expect(settled).toHaveBeenCalledTimes(1);
  });
});
