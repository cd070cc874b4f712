/** After a failed submit, move the focus to the first invalid field (after Svelte renders). */
export function focusFirstError(form: HTMLFormElement): void {
  queueMicrotask(() => requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()));
}
