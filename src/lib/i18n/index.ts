// i18next set-up. Locale files live in /locales/<lang>/<screen>.json, all merged into
// one namespace (each file holds its own top-level keys, so screens do not share a
// file). The first screen (the projects list and the header) needs only each
// language's translation.json: that loads before it, and the rest of a language (one
// chunk per language, see vite.config.ts) before any other screen. The service worker
// precaches them all.
import i18next from 'i18next';
import { UI_LANGUAGES, type UiLanguage } from '../domain/types';
// The default language is every language's fallback, so its first-screen strings are
// always needed: they ship in the entry chunk instead of costing a request.
import defaultFirstScreen from '../../../locales/es/translation.json';

export const DEFAULT_LANGUAGE: UiLanguage = 'es';

/** The locale file whose strings the first screen shows. */
export const FIRST_SCREEN_FILE = 'translation';

/** Which strings to load: the first screen's, or all of them. */
export type Strings = 'first-screen' | 'all';

type LocaleFile = { default: Record<string, unknown> };
// Every locale file but the one imported above.
const loaders = import.meta.glob<LocaleFile>(['../../../locales/*/*.json', '!../../../locales/es/translation.json']);
const FILE = /^\.\.\/\.\.\/\.\.\/locales\/([^/]+)\/([^/]+)\.json$/;

/** Locale files (their paths) whose strings i18next already holds. */
const loaded = new Set<string>();

function pathsFor(lang: UiLanguage, strings: Strings): string[] {
  return Object.keys(loaders).filter((path) => {
    const [, fileLang, name] = FILE.exec(path) ?? [];
    return fileLang === lang && (strings === 'all' || name === FIRST_SCREEN_FILE);
  });
}

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

async function loadStrings(lang: UiLanguage, strings: Strings): Promise<void> {
  const missing = pathsFor(lang, strings).filter((path) => !loaded.has(path));
  const files = await Promise.all(missing.map((path) => loaders[path]()));
  missing.forEach((path, i) => {
    i18next.addResourceBundle(lang, 'translation', files[i].default, true, true);
    loaded.add(path);
  });
}

/** Loads a language's strings (each file once), with its fallback's, and makes it current. */
export async function loadLanguage(lang: UiLanguage, strings: Strings = 'all'): Promise<void> {
  if (!i18next.isInitialized) {
    await i18next.init({
      lng: lang,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...UI_LANGUAGES],
      // Svelte escapes text itself; i18next must not do it twice.
      interpolation: { escapeValue: false },
      resources: { [DEFAULT_LANGUAGE]: { translation: defaultFirstScreen } },
      returnNull: false,
    });
  }
  await Promise.all([...new Set([lang, DEFAULT_LANGUAGE])].map((l) => loadStrings(l, strings)));
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export { i18next };
