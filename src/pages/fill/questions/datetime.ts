// ODK stores a date-time with its offset ('2026-03-02T09:15:00.000-06:00'); the
// browser's datetime-local input speaks 'YYYY-MM-DDTHH:MM' in local time.
import { localDateTime } from '../../../lib/forms/expr/dates';

export function toDateTimeLocal(value: string): string {
  const d = new Date(value);
  if (!value || Number.isNaN(d.getTime())) return '';
  return localDateTime(d).slice(0, 16);
}

export function fromDateTimeLocal(value: string): string {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? localDateTime(d) : '';
}
