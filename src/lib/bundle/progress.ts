// Progress of long exports and imports. What runs in chunks on the main thread (an
// export) lets it breathe between them, so that the screen can paint its progress bar
// and answer taps; the import runs in a worker and only reports.

/** Reports progress: `done` of `total` units (records, or rows scanned). */
export type OnProgress = (done: number, total: number) => void;

/**
 * Waits for a new macrotask. A MessageChannel message rather than setTimeout(0), which
 * browsers clamp to 4 ms after a few nestings and to 1 s in a background tab.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * A pause to call between chunks that yields only once `everyMs` of work has gone by
 * since the last yield: a yield per chunk costs a task switch each time for nothing.
 */
export function yielder(everyMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await yieldToEventLoop();
    last = performance.now();
  };
}
