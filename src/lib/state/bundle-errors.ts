// A refused bundle in the user's words (describeFailure: never an internal message).
import { describeFailure, type FailureText } from './failure';
import { t } from './locale.svelte';

export function bundleFailure(error: unknown): FailureText {
  return describeFailure(error, t);
}

export function bundleErrorMessage(error: unknown): string {
  return bundleFailure(error).message;
}
