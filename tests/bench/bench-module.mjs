// Benchmarks call our TypeScript in a page of the built app's origin (its IndexedDB)
// without the production build exposing anything: the code under test is built on the
// fly into dist-bench/ as an ES module and served to the page through a route.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const BENCH_OUT = resolve('dist-bench');

/**
 * Builds `entry` into dist-bench/<name>.js, with its chunks (workers, modules loaded on
 * demand) beside it named <name>-*.js, so that the benchmark's route pattern serves them.
 */
export async function buildBenchModule({ entry, name, alias }) {
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    define: { __APP_VERSION__: '"bench"' },
    resolve: alias ? { alias } : undefined,
    build: {
      lib: { entry, formats: ['es'], fileName: () => `${name}.js` },
      outDir: BENCH_OUT,
      emptyOutDir: false,
      target: 'es2022',
      rollupOptions: { output: { chunkFileNames: `${name}-[name]-[hash].js` } },
    },
  });
}

/** Serves the files of dist-bench/ whose URL path matches `pattern`; others go to the server. */
export async function serveBenchFiles(page, pattern) {
  await page.route(pattern, (route) => {
    const file = join(BENCH_OUT, new URL(route.request().url()).pathname);
    if (!existsSync(file)) return route.fallback();
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file) });
  });
}
