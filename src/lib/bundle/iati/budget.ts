// IATI allows no budget period longer than a year. A project's total budget is split
// into one budget per calendar year, pro rata by days (the only split that needs no
// figures the register does not hold), in cents, the last year taking the rounding
// remainder so that the parts add up to the total exactly.

export interface BudgetPeriod {
  start: string; // ISO date
  end: string; // ISO date
  amount: number;
}

const DAY = 86_400_000;
const days = (start: string, end: string) => Math.round((Date.parse(end) - Date.parse(start)) / DAY) + 1;

export function splitBudgetByYear(start: string, end: string, amount: number): BudgetPeriod[] {
  if (days(start, end) < 1) return [];
  const total = days(start, end);
  const cents = Math.round(amount * 100);
  const periods: BudgetPeriod[] = [];
  let given = 0;
  for (let year = Number(start.slice(0, 4)); year <= Number(end.slice(0, 4)); year++) {
    const from = year === Number(start.slice(0, 4)) ? start : `${year}-01-01`;
    const to = year === Number(end.slice(0, 4)) ? end : `${year}-12-31`;
    const last = to === end;
    const share = last ? cents - given : Math.round((cents * days(from, to)) / total);
    given += share;
    periods.push({ start: from, end: to, amount: share / 100 });
  }
  return periods;
}
