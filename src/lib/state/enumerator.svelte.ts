// Who is collecting on this device: recorded on every response and every correction.
const STORAGE_KEY = 'piso.enumerator';

function stored(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

class EnumeratorState {
  #name = $state(typeof localStorage === 'undefined' ? '' : stored());

  get name(): string {
    return this.#name;
  }

  set name(value: string) {
    this.#name = value;
    try {
      localStorage.setItem(STORAGE_KEY, value.trim());
    } catch {
      // Kept for this session only.
    }
  }
}

export const enumerator = new EnumeratorState();
