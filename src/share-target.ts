// Shared by the service worker and the page: where a bundle shared to Piso from
// another app (Web Share Target) waits until the import screen picks it up.
export const SHARE_TARGET_PATH = '/share-target';
export const SHARED_CACHE = 'piso-shared-files';
export const SHARED_FILE_URL = '/shared-file';
/** The screen a shared or opened file lands on. */
export const IMPORT_HASH = '#/bundles/import';
