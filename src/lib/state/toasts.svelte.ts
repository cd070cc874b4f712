// Short messages at the bottom of the screen, optionally with one action (undo).
import { describeFailure, detailLine } from './failure';
import { t } from './locale.svelte';

export interface Toast {
  id: number;
  message: string;
  /** For support, shown small under an error's message (never the message itself). */
  detail?: string;
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

  show(message: string, options: { kind?: Toast['kind']; action?: Toast['action']; detail?: string } = {}): number {
    const id = this.#next++;
    this.#items = [...this.#items, { id, message, detail: options.detail, kind: options.kind ?? 'info', action: options.action }];
    setTimeout(() => this.dismiss(id), DURATION_MS);
    return id;
  }

  error(message: string): number {
    return this.show(message, { kind: 'error' });
  }

  /** Any thrown failure, in words (describeFailure), with its detail line for support. */
  failure(error: unknown, unexpected?: string): number {
    const { message, detail } = describeFailure(error, t, unexpected);
    return this.show(message, { kind: 'error', detail: detail && detailLine(t, detail) });
  }

  dismiss(id: number): void {
    this.#items = this.#items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new ToastState();
