// Work that must not hold up the screen (folding a long list's labels for its search,
// a device list's choices), done when no tap, key or frame waits, in short slices where
// it can be cut.

/** Longest slice in ms: a key pressed during one waits at most about this long. */
const SLICE_MS = 4;

/** The Prioritized Task Scheduling API (Chromium, Firefox), not yet in TypeScript's DOM types. */
interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<unknown>;
}

/**
 * Queues one slice: as a background task where the browser has them (it runs when no
 * input, rendering or other task waits, slice after slice); otherwise in idle time, one
 * slice per idle period (an idle callback asked for within one waits for the next, up
 * to 50 ms); where there is neither (Safari), a slice every frame or so.
 */
export function inBackground(slice: (deadline?: IdleDeadline) => void): void {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (scheduler?.postTask) void scheduler.postTask(slice, { priority: 'background' });
  else if (typeof requestIdleCallback === 'function') requestIdleCallback(slice);
  else setTimeout(slice, 16);
}

/**
 * Calls `step(timeLeft)` in slices until it returns true (done); `timeLeft()` is what is
 * left of the slice in ms. The function returned stops the work (a slice already
 * queued then does nothing).
 */
export function inIdleSlices(step: (timeLeft: () => number) => boolean): () => void {
  let stopped = false;
  const slice = (deadline?: IdleDeadline) => {
    if (stopped) return;
    const end = performance.now() + Math.min(SLICE_MS, deadline ? deadline.timeRemaining() : SLICE_MS);
    if (!step(() => end - performance.now())) inBackground(slice);
  };
  inBackground(slice);
  return () => {
    stopped = true;
  };
}
