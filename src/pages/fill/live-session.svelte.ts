// The form engine made reactive: a template that reads a cell through `track` is
// re-rendered when that cell changes, and only then. The engine stays plain
// TypeScript; this bridge subscribes to its change notices (after Immich's persisted.ts).

import { createSubscriber } from 'svelte/reactivity';
import type { Cell, FormSession } from '../../lib/forms/engine';

export class LiveSession {
  readonly #perCell = new Map<Cell, () => void>();
  readonly #updates = new Map<Cell, () => void>();
  #anyUpdate: (() => void) | undefined;
  #structureUpdate: (() => void) | undefined;
  readonly #any = createSubscriber((update) => {
    this.#anyUpdate = update;
    return () => (this.#anyUpdate = undefined);
  });
  readonly #structure = createSubscriber((update) => {
    this.#structureUpdate = update;
    return () => (this.#structureUpdate = undefined);
  });

  constructor(readonly session: FormSession) {
    session.onChange((cells, structural) => {
      for (const cell of cells) this.#updates.get(cell)?.();
      if (structural) this.#structureUpdate?.();
      this.#anyUpdate?.();
    });
  }

  /** Re-run the reader when this cell's value, relevance or checks change. */
  track(cell: Cell): void {
    let subscribe = this.#perCell.get(cell);
    if (!subscribe) {
      subscribe = createSubscriber((update) => {
        this.#updates.set(cell, update);
        return () => {
          this.#updates.delete(cell);
          this.#perCell.delete(cell);
        };
      });
      this.#perCell.set(cell, subscribe);
    }
    subscribe();
  }

  /** Re-run the reader after any change (progress, the list of problems). */
  trackAll(): void {
    this.#any();
  }

  /** Re-run the reader when repeat instances come or go (the screens change). */
  trackStructure(): void {
    this.#structure();
  }
}
