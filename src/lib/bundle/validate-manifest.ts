// The first line of a bundle: which format and version it is, then its manifest. The
// version is checked before the manifest's shape, since a newer version may change it.

import { BundleError } from './errors';
import { FIRST_ENTITIES_VERSION, FIRST_FILES_VERSION, FORMAT_NAME, FORMAT_VERSION, HASH_CHUNK_RECORDS, KINDS, type BundleScope, type FilesSummary, type Manifest } from './format';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isString = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;
const MAX_COUNT = 100_000_000;

function invalid(reason: string): never {
  throw new BundleError('bundle.invalidManifest', { reason });
}

function checkScope(scope: unknown): BundleScope {
  if (!isObject(scope)) invalid('scope');
  switch (scope.type) {
    case 'all':
      return { type: 'all' };
    case 'project':
      if (!isString(scope.projectId)) invalid('scope.projectId');
      return { type: 'project', projectId: scope.projectId };
    case 'form':
      if (!isString(scope.formId)) invalid('scope.formId');
      return { type: 'form', formId: scope.formId };
    case 'changes':
      if (!isString(scope.destination)) invalid('scope.destination');
      if (scope.since !== null && !isString(scope.since, 300)) invalid('scope.since');
      return { type: 'changes', destination: scope.destination, since: scope.since };
    default:
      return invalid('scope.type');
  }
}

/** The manifest of a parsed first line (with its records array closed), or a BundleError. */
export function validateHeader(header: unknown): Manifest {
  if (!isObject(header) || header.format !== FORMAT_NAME) throw new BundleError('bundle.notBundle');
  const { version } = header;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new BundleError('bundle.notBundle');
  if (version > FORMAT_VERSION) throw new BundleError('bundle.tooNew', { version, supported: FORMAT_VERSION });

  const m = header.manifest;
  if (!isObject(m)) return invalid('manifest');
  if (!isString(m.appVersion, 100)) invalid('appVersion');
  if (!isString(m.deviceId)) invalid('deviceId');
  if (!isString(m.createdAt, 40)) invalid('createdAt');
  if (m.maxHlc !== null && !isString(m.maxHlc, 300)) invalid('maxHlc');
  if (!isObject(m.counts)) return invalid('counts');
  const counts = { ...m.counts };
  // Bundles older than version 4 hold no entities; their counts do not name them.
  if (version < FIRST_ENTITIES_VERSION) counts.entity = 0;
  for (const kind of KINDS) {
    const n = counts[kind];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_COUNT) invalid(`counts.${kind}`);
  }
  const hash = m.recordsHash;
  if (!isObject(hash) || hash.algorithm !== 'sha256-chunked' || hash.chunkRecords !== HASH_CHUNK_RECORDS) {
    invalid('recordsHash');
  }
  if (typeof hash.value !== 'string' || !/^[0-9a-f]{64}$/.test(hash.value)) invalid('recordsHash.value');

  const manifest: Manifest = {
    appVersion: m.appVersion,
    deviceId: m.deviceId,
    createdAt: m.createdAt,
    scope: checkScope(m.scope),
    counts: Object.fromEntries(KINDS.map((kind) => [kind, counts[kind]])) as Manifest['counts'],
    recordsHash: { algorithm: 'sha256-chunked', chunkRecords: HASH_CHUNK_RECORDS, value: hash.value },
    maxHlc: m.maxHlc as string | null,
  };
  if (version >= FIRST_FILES_VERSION) manifest.files = checkFiles(m.files);
  return manifest;
}

function checkFiles(files: unknown): FilesSummary {
  if (!isObject(files)) return invalid('files');
  const { count, bytes, included } = files;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_COUNT) invalid('files.count');
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) invalid('files.bytes');
  if (typeof included !== 'boolean') invalid('files.included');
  return { count, bytes, included };
}
