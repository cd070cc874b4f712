// The responses list's filter as the form fields hold it, and as the query takes it.

import type { ResponseFilter } from '../../lib/db';
import type { ResponseStatus } from '../../lib/domain/types';

/** What the filter fields hold; '' means "any". Dates are days as native date inputs give them. */
export interface FilterValues {
  status: '' | ResponseStatus;
  enumerator: string;
  department: string;
  from: string;
  to: string;
}

export const NO_FILTER: FilterValues = { status: '', enumerator: '', department: '', from: '', to: '' };

/** Midnight at the start of a 'YYYY-MM-DD' day on this device's clock, as an ISO instant. */
function localMidnight(day: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays).toISOString();
}

/**
 * The query for the filter. The days are the enumerator's days where the list is read:
 * "to" includes its whole day, so the range ends at the next local midnight.
 */
export function toQuery(formId: string, values: FilterValues): ResponseFilter {
  const filter: ResponseFilter = { formId };
  if (values.status) filter.status = values.status;
  if (values.enumerator) filter.enumerator = values.enumerator;
  if (values.department) filter.department = values.department;
  const from = localMidnight(values.from);
  const to = localMidnight(values.to, 1);
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}
