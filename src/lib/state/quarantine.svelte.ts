// The records refused on arrival, per source, as the import and sync screens list them:
// live (a refusal in another tab shows here too), exportable as one JSON file, and
// clearable once exported.

import { clearQuarantine, listQuarantine, quarantineDocument, type QuarantineSource } from '../db/quarantine';
import type { QuarantineEntry } from '../db/database';
import { live, type Live } from '../db/live.svelte';
import { downloadFile } from './save-file';

export class QuarantineView {
  readonly #live: Live<QuarantineEntry[]>;

  constructor(readonly source: QuarantineSource) {
    this.#live = live(() => listQuarantine(source), []);
  }

  get entries(): QuarantineEntry[] {
    return this.#live.current;
  }

  /** Downloads every entry of this source; returns the file name. */
  async export(now = new Date()): Promise<string> {
    const entries = await listQuarantine(this.source);
    const name = `piso-refused-${this.source}-${now.toISOString().slice(0, 10)}.json`;
    downloadFile(new Blob([quarantineDocument(entries, now)], { type: 'application/json' }), name);
    return name;
  }

  clear(): Promise<void> {
    return clearQuarantine(this.source);
  }
}

export const bundleQuarantine = new QuarantineView('bundle');
export const syncQuarantine = new QuarantineView('sync');
