// The enumerator's phone number and e-mail, set in Ajustes: what the XLSForm metadata
// `phonenumber` and `email` record (a browser cannot read them from the phone).
const KEYS = { phone: 'piso.phonenumber', email: 'piso.email' } as const;

function stored(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function keep(key: string, value: string): void {
  try {
    localStorage.setItem(key, value.trim());
  } catch {
    // Kept for this session only.
  }
}

class ContactState {
  #phone = $state(typeof localStorage === 'undefined' ? '' : stored(KEYS.phone));
  #email = $state(typeof localStorage === 'undefined' ? '' : stored(KEYS.email));

  get phone(): string {
    return this.#phone;
  }

  set phone(value: string) {
    this.#phone = value;
    keep(KEYS.phone, value);
  }

  get email(): string {
    return this.#email;
  }

  set email(value: string) {
    this.#email = value;
    keep(KEYS.email, value);
  }
}

export const contact = new ContactState();
