// Dexie's liveQuery as a Svelte 5 reactive value (after Immich's persisted.ts).
// The query runs only while some effect or template reads the value, and is
// unsubscribed when the last reader goes away: no subscription outlives its screen.
// Dexie re-runs it after any change to the tables it read, including changes made
// in another tab (Dexie 4 broadcasts them over BroadcastChannel).

import { liveQuery } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';
import { liveQueryWaiting } from './live-settled';

export interface Live<T> {
  /** The latest result; `initial` until the first one arrives. */
  readonly current: T;
  /** True until the first result (or error) for the current arguments arrives. */
  readonly loading: boolean;
  /** The error of the last run, if it failed; cleared by the next result. */
  readonly error: unknown;
}

/**
 * `args` reads the reactive inputs of the query (a prop such as the project id).
 * Dexie runs queries later, out of Svelte's sight, so inputs must be read here:
 * when they change, the query is subscribed again with the new ones.
 */
export function live<T, A = undefined>(query: (args: A) => Promise<T>, initial: T, args?: () => A): Live<T> {
  let current = initial;
  let loading = true;
  let error: unknown;

  const subscribe = createSubscriber((update) =>
    // A root of its own: the subscription is shared by every reader and must not
    // end with the first reader's effect, only when createSubscriber stops it.
    $effect.root(() => {
      let first = true;
      $effect(() => {
        const input = args?.() as A;
        if (!first) {
          current = initial;
          loading = true;
          update();
        }
        first = false;
        const arrived = liveQueryWaiting();
        const subscription = liveQuery(() => query(input)).subscribe({
          next(value) {
            current = value;
            loading = false;
            error = undefined;
            update();
            arrived();
          },
          error(e: unknown) {
            error = e;
            loading = false;
            update();
            arrived();
          },
        });
        return () => {
          subscription.unsubscribe();
          arrived();
        };
      });
    }),
  );

  return {
    get current() {
      subscribe();
      return current;
    },
    get loading() {
      subscribe();
      return loading;
    },
    get error() {
      subscribe();
      return error;
    },
  };
}
