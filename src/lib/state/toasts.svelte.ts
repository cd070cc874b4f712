// Short messages at the bottom of the screen, optionally with one action (undo).
export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
  action?: { label: string; run: () => void | Promise<void> };
}

const DURATION_MS = 8000;

class ToastState {
  #items = $state<Toast[]>([]);
  #next = 1;

  get items(): Toast[] {
    return this.#items;
  }

  show(message: string, options: { kind?: Toast['kind']; action?: Toast['action'] } = {}): number {
    const id = this.#next++;
    this.#items = [...this.#items, { id, message, kind: options.kind ?? 'info', action: options.action }];
    setTimeout(() => this.dismiss(id), DURATION_MS);
    return id;
  }

  error(message: string): number {
    return this.show(message, { kind: 'error' });
  }

  dismiss(id: number): void {
    this.#items = this.#items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new ToastState();
