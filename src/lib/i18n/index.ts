// i18next set-up. Locale files live in /locales/<lang>/translation.json; each is its
// own chunk (precached by the service worker), loaded before the first render.
import i18next from 'i18next';
import { UI_LANGUAGES, type UiLanguage } from '../domain/types';

export const DEFAULT_LANGUAGE: UiLanguage = 'es';

const loaders = import.meta.glob<{ default: Record<string, unknown> }>('../../../locales/*/translation.json');

function loaderFor(lang: UiLanguage) {
  const loader = loaders[`../../../locales/${lang}/translation.json`];
  if (!loader) throw new Error(`No locale file for ${lang}`);
  return loader;
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
      const mod = await loaderFor(l)();
      i18next.addResourceBundle(l, 'translation', mod.default, true, true);
    }
  }
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export { i18next };
