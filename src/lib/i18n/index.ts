// i18next set-up. Locale files live in /locales/<lang>/<screen>.json, all merged into
// one namespace (each file holds its own top-level keys, so screens do not share a
// file). Each is its own chunk, precached by the service worker, loaded before use.
import i18next from 'i18next';
import { UI_LANGUAGES, type UiLanguage } from '../domain/types';

export const DEFAULT_LANGUAGE: UiLanguage = 'es';

type LocaleFile = { default: Record<string, unknown> };
const loaders = import.meta.glob<LocaleFile>('../../../locales/*/*.json');

function loadersFor(lang: UiLanguage): Array<() => Promise<LocaleFile>> {
  const found = Object.entries(loaders)
    .filter(([path]) => path.startsWith(`../../../locales/${lang}/`))
    .map(([, load]) => load);
  if (found.length === 0) throw new Error(`No locale files for ${lang}`);
  return found;
}

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** Loads a language's strings (once) and makes it current. */
export async function loadLanguage(lang: UiLanguage): Promise<void> {
  if (!i18next.isInitialized) {
    await i18next.init({
      lng: lang,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...UI_LANGUAGES],
      // Svelte escapes text itself; i18next must not do it twice.
      interpolation: { escapeValue: false },
      resources: {},
      returnNull: false,
    });
  }
  for (const l of new Set([lang, DEFAULT_LANGUAGE])) {
    if (!i18next.hasResourceBundle(l, 'translation')) {
      const files = await Promise.all(loadersFor(l).map((load) => load()));
      for (const file of files) i18next.addResourceBundle(l, 'translation', file.default, true, true);
    }
  }
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export { i18next };
