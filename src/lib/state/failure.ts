// The one way a failure reaches the screen: a translated message, and for support a
// short detail line (shown small, apart), never the internal text as the message.
// Pure: the caller passes its translate function (tests pass i18next's).

import { BundleError } from '../bundle/errors';
import { isQuotaError } from '../db/errors';
import type { Translate } from '../i18n/refusal';
import { SyncError } from '../sync/errors';

export interface FailureText {
  message: string;
  /** For support: what the program knew (an error's name and text, a server's reason). */
  detail?: string;
}

const DETAIL_MAX = 300;

function detailOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX)}…` : text;
}

/** `unexpected`: the message for a failure of no known kind (e.g. 'errors.saveFailed' for a write). */
export function describeFailure(error: unknown, t: Translate, unexpected = 'failure.unexpected'): FailureText {
  if (error instanceof BundleError || error instanceof SyncError) {
    const reason = error.params.reason;
    return { message: t(error.code, error.params), detail: reason === undefined ? undefined : String(reason).slice(0, DETAIL_MAX) };
  }
  if (isQuotaError(error)) return { message: t('errors.quota') };
  return { message: t(unexpected), detail: detailOf(error) };
}

/** The detail line's text, translated around the detail. */
export const detailLine = (t: Translate, detail: string) => t('failure.detail', { detail });
