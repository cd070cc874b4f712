// Calculations that read each other in a circle never settle: ODK Validate refuses
// such a form ("cycle detected"), and so does Piso, naming the questions.

import { referencedNames } from './expressions';
import type { Issues, Place } from './issues';

export function checkCycles(calculations: { key: string; src: string; place: Place }[], issues: Issues): void {
  const byKey = new Map(calculations.map((c) => [c.key, c]));
  const reads = new Map(calculations.map((c) => [c.key, referencedNames(c.src).filter((n) => byKey.has(n))]));
  // Depth-first search, iterative so a long chain of calculations cannot overflow the stack.
  const state = new Map<string, 'open' | 'done'>();
  for (const start of byKey.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const todo: { key: string; next: number }[] = [{ key: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (todo.length) {
      const frame = todo[todo.length - 1];
      const deps = reads.get(frame.key)!;
      if (frame.next >= deps.length) {
        state.set(frame.key, 'done');
        todo.pop();
        path.pop();
        continue;
      }
      const dep = deps[frame.next++];
      if (state.get(dep) === 'open') {
        const cycle = [...path.slice(path.indexOf(dep)), dep];
        issues.error('xlsform.calculationCycle', byKey.get(dep)!.place, { names: cycle.join(' → ') });
        return;
      }
      if (!state.has(dep)) {
        state.set(dep, 'open');
        path.push(dep);
        todo.push({ key: dep, next: 0 });
      }
    }
  }
}
