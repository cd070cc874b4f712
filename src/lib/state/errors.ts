// One place that turns a failed write into words for the user.
import { toasts } from './toasts.svelte';

export function reportSaveError(error: unknown): void {
  toasts.failure(error, 'errors.saveFailed');
}
