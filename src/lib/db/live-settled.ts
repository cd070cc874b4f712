// How many live queries still wait for their first result. Once none does, the screen
// on show has its data: start-up defers the work the first screen does not need until
// then (lib/state/startup.svelte.ts).

let waiting = 0;
let waiters: Array<() => void> = [];

/** Counts a query as waiting; call the returned function when its first result (or error) arrives, or when it stops. */
export function liveQueryWaiting(): () => void {
  waiting++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    waiting--;
    if (waiting > 0) return;
    const settled = waiters;
    waiters = [];
    for (const resolve of settled) resolve();
  };
}

/** Resolves once no live query waits for its first result. */
export function liveQueriesSettled(): Promise<void> {
  return waiting === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
}
