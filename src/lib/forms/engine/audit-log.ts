// The audit log as ODK's audit.csv: `event,node,start,end`, times in milliseconds since
// 1970, and with the audit question's `track-changes=true` parameter the answer before
// and after each question (`old-value,new-value`). It is kept as the audit question's
// answer (text), so it is saved, merged and exported like any answer.

import { parseCsvRecords } from '../attachments';

export const AUDIT_HEADER = 'event,node,start,end';
export const TRACK_CHANGES_HEADER = `${AUDIT_HEADER},old-value,new-value`;

export type AuditEvent = 'form start' | 'form resume' | 'question' | 'group questions' | 'end screen' | 'form finalize';

export interface AuditRow {
  event: AuditEvent;
  /** The question's path ('age', 'member[2]/age'); '' for form events. */
  node: string;
  start: number;
  /** null while the question is still on screen, and for instant events. */
  end: number | null;
  /** With track-changes: the answer when the question was shown, and when it was left. */
  oldValue?: string;
  newValue?: string;
}

const field = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The log with these rows added at its end (and the header, for a new log). */
export function appendAudit(log: string, rows: readonly AuditRow[], trackChanges = false): string {
  if (rows.length === 0) return log;
  const lines = rows.map((r) => {
    const cells = [r.event, field(r.node), String(r.start), r.end === null ? '' : String(r.end)];
    if (trackChanges) cells.push(field(r.oldValue ?? ''), field(r.newValue ?? ''));
    return cells.join(',');
  });
  return `${log === '' ? (trackChanges ? TRACK_CHANGES_HEADER : AUDIT_HEADER) : log}\n${lines.join('\n')}`;
}

/** The rows of a log, as appendAudit wrote them. */
export function parseAudit(log: string): AuditRow[] {
  const [header, ...rows] = parseCsvRecords(log);
  const tracked = header.length > 4;
  return rows.map(([event, node, start, end, oldValue, newValue]) => ({
    event: event as AuditEvent,
    node,
    start: Number(start),
    end: end ? Number(end) : null,
    ...(tracked ? { oldValue, newValue } : {}),
  }));
}
