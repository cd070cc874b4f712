/// <reference lib="webworker" />
// The service worker: precache every built asset and serve the app shell for every
// navigation, so Piso starts with no network at all.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { IMPORT_HASH, SHARE_TARGET_PATH, SHARED_CACHE, SHARED_FILE_URL } from './share-target';

declare const self: ServiceWorkerGlobalScope;

// Take control of open pages once active: on first install, so the very first visit
// already works offline; after an accepted update, so the page reloads into it.
clientsClaim();
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// The page asks for activation when the user accepts the update prompt; never before.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Web Share Target: another app (a messaging app, the files app) shares a bundle with
// Piso. The file is parked in a cache, then the import screen opens and takes it.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'POST' || url.pathname !== SHARE_TARGET_PATH) return;
  event.respondWith(
    (async () => {
      const form = await event.request.formData();
      const file = form.getAll('bundle').find((entry): entry is File => entry instanceof File);
      if (file) {
        const cache = await caches.open(SHARED_CACHE);
        await cache.put(
          SHARED_FILE_URL,
          new Response(file, { headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) } }),
        );
      }
      return Response.redirect(`/${IMPORT_HASH}`, 303);
    })(),
  );
});
