// Field-level validation of what a user types. Errors are i18n keys, so screens
// translate them; an empty result means valid.
import type { OutcomeData, ProjectData } from './types';

export type FieldErrors = Record<string, string>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function hasAnyText(text: Record<string, string>): boolean {
  return Object.values(text).some((v) => v.trim() !== '');
}

function checkPeriod(errors: FieldErrors, start: string, end: string): void {
  if (start && !ISO_DATE.test(start)) errors.start = 'validation.dateInvalid';
  if (end && !ISO_DATE.test(end)) errors.end = 'validation.dateInvalid';
  // ISO dates compare as text.
  if (!errors.start && !errors.end && start && end && end < start) errors.end = 'validation.endBeforeStart';
}

export function validateProject(data: ProjectData): FieldErrors {
  const errors: FieldErrors = {};
  if (!data.code.trim()) errors.code = 'validation.required';
  if (!hasAnyText(data.title)) errors.title = 'validation.required';
  checkPeriod(errors, data.start, data.end);
  if (data.budget) {
    if (!Number.isFinite(data.budget.amount)) errors.budget = 'validation.numberInvalid';
    else if (data.budget.amount < 0) errors.budget = 'validation.budgetNegative';
    if (!/^[A-Z]{3}$/.test(data.budget.currency)) errors.currency = 'validation.currencyInvalid';
  }
  if (data.country && !/^[A-Z]{2}$/.test(data.country)) errors.country = 'validation.countryInvalid';
  return errors;
}

export function validateOutcome(data: OutcomeData): FieldErrors {
  const errors: FieldErrors = {};
  if (!data.code.trim()) errors.code = 'validation.required';
  if (!hasAnyText(data.title)) errors.title = 'validation.required';
  checkPeriod(errors, data.start, data.end);
  if (data.country && !/^[A-Z]{2}$/.test(data.country)) errors.country = 'validation.countryInvalid';
  return errors;
}

/** Splits a list typed as "a, b; c" or one per line. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
