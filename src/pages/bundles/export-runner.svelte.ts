// One export on screen at a time: asks where to save where the browser can write into a
// picked file, runs the export in its worker with progress, and can cancel it. Shared
// by the bundle and the CSV/XLSX cards.
import { startExport, type ExportJob, type ExportOutcome, type ExportRun } from '../../lib/bundle';
import { canPickSaveFile, pickSaveFile } from '../../lib/state/save-file';

export interface Finished {
  outcome: ExportOutcome;
  /** The name of the picked file it was written to; undefined when the outcome holds a Blob to hand over. */
  savedAs?: string;
}

export class ExportRunner {
  progress = $state<{ done: number; total: number; stage: 'records' | 'files' } | null>(null);
  /** Set when the last export was cancelled, until the next one starts. */
  cancelled = $state(false);
  private current: ExportRun | null = null;

  get running(): boolean {
    return this.progress !== null;
  }

  /**
   * Runs `job`; null when the user closed the save dialog or cancelled. Call it from the
   * click itself: the save dialog needs the user's gesture.
   */
  async run(job: ExportJob, suggestedName: string): Promise<Finished | null> {
    this.cancelled = false;
    let file: FileSystemFileHandle | undefined;
    if (canPickSaveFile()) {
      const picked = await pickSaveFile(suggestedName);
      if (!picked) return null;
      file = picked;
    }
    this.progress = { done: 0, total: 0, stage: 'records' };
    try {
      this.current = startExport(job, { file, onProgress: (done, total, stage) => (this.progress = { done, total, stage }) });
      const outcome = await this.current.done;
      if (!outcome) {
        this.cancelled = true;
        return null;
      }
      return { outcome, savedAs: file?.name };
    } finally {
      this.current = null;
      this.progress = null;
    }
  }

  cancel(): void {
    this.current?.cancel();
  }
}
