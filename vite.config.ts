import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

// The built app forbids eval and inline scripts: form expressions run through our
// own interpreter (DESIGN.md "Forms"). Only the build gets the policy, since the dev
// server injects its own client.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // chart.js and Svelte transitions set style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  // Sync servers: this origin (Piso's server with --app, or CouchDB behind the same nginx),
  // plus PISO_CONNECT_SRC at build time (the deployment's server, e.g. https://couch.example.org),
  // by default any https:// server or one on this machine (the app refuses other http:// ones).
  `connect-src 'self' ${process.env.PISO_CONNECT_SRC ?? 'https: http://localhost:* http://127.0.0.1:*'}`,
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

// Our barrels (src/**/index.ts) only re-export. Said so, Rolldown links each import to
// the module that defines it, and a screen that takes one function from lib/db no
// longer pulls every module of lib/db into its chunk (issue 13.4: the first screen).
const BARREL = /[\\/]src[\\/].*[\\/]index\.ts$/;

// Strings: the first screen loads each language's translation.json (lib/i18n); every
// other file of a language is one chunk, loaded before any other screen.
const LOCALE_FILE = /[\\/]locales[\\/]([^\\/]+)[\\/]([^\\/]+)\.json$/;
function stringsChunk(id: string): string | null {
  const [, lang, file] = LOCALE_FILE.exec(id) ?? [];
  return lang && file !== 'translation' ? `strings-${lang}` : null;
}

function contentSecurityPolicy(): Plugin {
  return {
    name: 'piso-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

// The entry script blocks rendering until it has run (and mounted the app): without it
// the browser paints the empty page while the script comes from the service worker,
// a frame of main-thread work at 4× CPU before the first screen (issue 13.4).
function renderBlockingEntry(): Plugin {
  return {
    name: 'piso-render-blocking-entry',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace('<script type="module" crossorigin src=', '<script type="module" crossorigin blocking="render" src='),
    },
  };
}

export default defineConfig({
  define: {
    // PISO_BUILD_VERSION lets the update test build two versions of the same code.
    __APP_VERSION__: JSON.stringify(process.env.PISO_BUILD_VERSION ?? pkg.version),
  },
  plugins: [
    svelte(),
    contentSecurityPolicy(),
    renderBlockingEntry(),
    VitePWA({
      // injectManifest: our own service worker, so it can later take shared files (share target).
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      injectManifest: {
        // Every asset, lazy chunks and locales included, so the app starts with no network.
        globPatterns: ['**/*.{js,css,html,json,svg,png,webmanifest,ico}'],
        // Screenshots are for the install dialog and the README, not for running offline.
        globIgnores: ['screenshots/**'],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
      },
      includeAssets: ['icons/*.png'],
      manifest: {
        id: '/',
        name: 'Piso — protección social en el terreno',
        short_name: 'Piso',
        description:
          'Registro de proyectos, marco de resultados y encuestas de campo para equipos de protección social, sin conexión.',
        lang: 'es',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#1d4e89',
        background_color: '#ffffff',
        categories: ['productivity', 'utilities'],
        // A bundle shared from another app (Web Share Target) or opened with Piso (File Handling).
        share_target: {
          action: '/share-target',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { files: [{ name: 'bundle', accept: ['application/json', 'application/gzip', 'application/octet-stream', '.json', '.gz', '.piso'] }] },
        },
        file_handlers: [
          {
            action: '/',
            accept: { 'application/json': ['.json'], 'application/gzip': ['.gz'], 'application/octet-stream': ['.piso'] },
          },
        ],
        screenshots: [
          { src: '/screenshots/projects.png', sizes: '412x915', type: 'image/png', form_factor: 'narrow', label: 'Proyectos' },
          { src: '/screenshots/project.png', sizes: '412x915', type: 'image/png', form_factor: 'narrow', label: 'Proyecto y cronología' },
        ],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  resolve: {
    // Dexie's modern build (ES2018 and later, as our es2022 target): its default entry is
    // the ES5 one, larger, and the first screen needs Dexie.
    alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }],
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    // Every browser that runs the app has modulepreload: no polyfill in the entry.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      treeshake: { moduleSideEffects: (id: string) => !BARREL.test(id) },
      output: {
        codeSplitting: {
          groups: [
            { name: stringsChunk, debugName: 'strings' },
            // Everything the entry imports statically in one file, not one per shared module.
            { name: 'app', tags: ['$initial'] },
          ],
        },
      },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
