// `${name}` in a label or hint shows the answer it names, as ODK's forms expect
// ("¿Cuántos meses cotizó ${nombre}?"): '' while unanswered or hidden.
import type { Cell, Scope } from './scope';

const REFERENCE = /\$\{\s*([^}\s]+)\s*\}/g;

export function interpolate(text: string, read: (name: string) => string): string {
  return text.includes('${') ? text.replace(REFERENCE, (_, name: string) => read(name)) : text;
}

/** The cell a reference names: in the same repeat instance first, then outwards. */
export function resolveCell(scope: Scope, name: string): Cell | undefined {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const cell = s.cells.get(name);
    if (cell) return cell;
  }
  return undefined;
}
