// The audit log as ODK's audit.csv: `event,node,start,end`, times in milliseconds since
// 1970. It is kept as the audit question's answer (text), so it is saved, merged and
// exported like any answer.

export const AUDIT_HEADER = 'event,node,start,end';

export type AuditEvent = 'form start' | 'form resume' | 'question' | 'group questions' | 'end screen' | 'form finalize';

export interface AuditRow {
  event: AuditEvent;
  /** The question's path ('age', 'member[2]/age'); '' for form events. */
  node: string;
  start: number;
  /** null while the question is still on screen, and for instant events. */
  end: number | null;
}

const field = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The log with these rows added at its end (and the header, for a new log). */
export function appendAudit(log: string, rows: readonly AuditRow[]): string {
  if (rows.length === 0) return log;
  const lines = rows.map((r) => [r.event, field(r.node), String(r.start), r.end === null ? '' : String(r.end)].join(','));
  return `${log === '' ? AUDIT_HEADER : log}\n${lines.join('\n')}`;
}

/** The rows of a log, as appendAudit wrote them. */
export function parseAudit(log: string): AuditRow[] {
  return log
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
      return { event: cells[0] as AuditEvent, node: cells[1], start: Number(cells[2]), end: cells[3] ? Number(cells[3]) : null };
    });
}
