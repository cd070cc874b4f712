// A refused bundle in the user's words.
import { BundleError } from '../bundle';
import { isQuotaError } from '../db';
import { t } from './locale.svelte';

export function bundleErrorMessage(error: unknown): string {
  if (error instanceof BundleError) return t(error.code, error.params);
  if (isQuotaError(error)) return t('errors.quota');
  return t('bundle.unexpected', { reason: error instanceof Error ? error.message : String(error) });
}
