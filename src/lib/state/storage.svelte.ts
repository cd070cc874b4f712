// Browser storage: whether it is persistent (safe from eviction) and how full it is.
class StorageState {
  #persisted = $state<boolean | null>(null);
  #usage = $state<number | null>(null);
  #quota = $state<number | null>(null);
  #supported = typeof navigator !== 'undefined' && !!navigator.storage;

  get supported(): boolean {
    return this.#supported;
  }
  get persisted(): boolean | null {
    return this.#persisted;
  }
  get usage(): number | null {
    return this.#usage;
  }
  get quota(): number | null {
    return this.#quota;
  }

  async refresh(): Promise<void> {
    if (!this.#supported) return;
    const [persisted, estimate] = await Promise.all([
      navigator.storage.persisted?.() ?? Promise.resolve(false),
      navigator.storage.estimate?.() ?? Promise.resolve({} as StorageEstimate),
    ]);
    this.#persisted = persisted;
    this.#usage = estimate.usage ?? null;
    this.#quota = estimate.quota ?? null;
  }

  /** Asks the browser not to evict our data; returns whether it agreed. */
  async requestPersistence(): Promise<boolean> {
    if (!this.#supported || !navigator.storage.persist) return false;
    const granted = await navigator.storage.persist();
    this.#persisted = granted;
    return granted;
  }
}

export const storage = new StorageState();
