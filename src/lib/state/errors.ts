// One place that turns a failed write into words for the user.
import { isQuotaError } from '../db';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

export function reportSaveError(error: unknown): void {
  if (isQuotaError(error)) {
    toasts.error(t('errors.quota'));
    return;
  }
  toasts.error(t('errors.saveFailed', { reason: error instanceof Error ? error.message : String(error) }));
}
