// The interface language as a rune, so every `t()` in a template re-renders on change.
import { DEFAULT_LANGUAGE, i18next, isUiLanguage, loadLanguage } from '../i18n';
import type { UiLanguage } from '../domain/types';

const STORAGE_KEY = 'piso.language';

function storedLanguage(): UiLanguage {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isUiLanguage(saved)) return saved;
  } catch {
    // Storage can be blocked; the default language still works.
  }
  return DEFAULT_LANGUAGE;
}

class LocaleState {
  #lang = $state<UiLanguage>(DEFAULT_LANGUAGE);

  get lang(): UiLanguage {
    return this.#lang;
  }

  /** Loads the saved language's first-screen strings before the first render. */
  async init(): Promise<void> {
    const lang = storedLanguage();
    await loadLanguage(lang, 'first-screen');
    this.#lang = lang;
  }

  /** Loads every string of the current language: what any screen but the first may show. */
  async loadAll(): Promise<void> {
    await loadLanguage(this.#lang, 'all');
  }

  async set(lang: UiLanguage): Promise<void> {
    await loadLanguage(lang, 'all');
    this.#lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Not kept across reloads, but the switch still applies now.
    }
  }

  /** Translate; reading #lang makes the caller depend on the language. */
  t = (key: string, options?: Record<string, unknown>): string => {
    void this.#lang;
    return i18next.t(key, options ?? {}) as string;
  };
}

export const locale = new LocaleState();
export const t = locale.t;
