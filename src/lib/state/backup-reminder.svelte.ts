// How many days changes have been kept only on this device (no bundle of everything
// delivered, no complete sync since): what the backup reminder shows.

import { oldestUnsavedChange } from '../db/backup';
import { live } from '../db/live.svelte';

const DAY_MS = 24 * 60 * 60 * 1000;

class BackupReminder {
  readonly #oldest = live(() => oldestUnsavedChange(), null);

  /** Whole days since the oldest change not backed up; 0 when everything is safe. */
  daysUnsaved(now = Date.now()): number {
    const oldest = this.#oldest.current;
    return oldest ? Math.floor((now - Date.parse(oldest)) / DAY_MS) : 0;
  }
}

export const backupReminder = new BackupReminder();
