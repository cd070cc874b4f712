// The built app (dist/) on the server's own origin: `--app`. Headers as the README's
// nginx configuration sets them, so a pilot on this server behaves as production.
import express from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Headers for every answer of the app (the meta CSP of index.html cannot say frame-ancestors). */
function securityHeaders(_req, res, next) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  next();
}

/** express middleware serving `dir`; throws when the app has not been built. */
export function serveApp(dir) {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) throw new Error(`Piso server: no built app in ${root} (run npm run build first)`);
  const router = express.Router();
  router.use(securityHeaders);
  router.use(
    express.static(root, {
      index: 'index.html',
      setHeaders(res, path) {
        if (path.startsWith(join(root, 'assets'))) {
          // Names carry a content hash: a new build has new names.
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        } else {
          // index.html, the service worker and the manifest must be checked on every start,
          // or an update would never be seen.
          res.setHeader('Cache-Control', 'no-cache');
        }
        if (path.endsWith('.webmanifest')) res.setHeader('Content-Type', 'application/manifest+json');
      },
    }),
  );
  // A shared file arrives as a POST the service worker answers; before it is installed, the app.
  router.post('/share-target', (_req, res) => res.redirect(303, '/'));
  // Routes live in the hash; any other page address a browser asks for is the app.
  router.get('*', (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
