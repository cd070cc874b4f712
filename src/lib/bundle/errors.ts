// Every way a bundle can be refused, as an i18n key under "bundle." that the screens
// translate with `params`. Nothing has been written when one of these is thrown.

export type BundleErrorCode =
  /** Not a Piso bundle at all (another file, or JSON of another shape). */
  | 'bundle.notBundle'
  /** Written by a newer app: params {version, supported}. */
  | 'bundle.tooNew'
  /** The manifest is missing a field or has one of the wrong type: params {reason}. */
  | 'bundle.invalidManifest'
  /** The file ends before its last line. */
  | 'bundle.truncated'
  /** The records do not match the manifest's hash or counts. */
  | 'bundle.tampered'
  /** Bytes that no gzip, UTF-8 or encrypted container can hold: params {reason}. */
  | 'bundle.corrupt'
  /** One record fails validation: params {index (0-based, file order), reason}. */
  | 'bundle.invalidRecord'
  /** A line, or the whole document, is larger than this device will read: params {limitMb}. */
  | 'bundle.tooLarge'
  /** The bundle is encrypted and no passphrase was given. */
  | 'bundle.passphraseRequired'
  /** The passphrase does not open this bundle. */
  | 'bundle.wrongPassphrase'
  /** Export: a passphrase shorter than MIN_PASSPHRASE_LENGTH: params {min}. */
  | 'bundle.passphraseTooShort'
  /** Export: the project or form of the scope is not on this device: params {id}. */
  | 'bundle.scopeNotFound';

export class BundleError extends Error {
  override readonly name = 'BundleError';

  constructor(
    readonly code: BundleErrorCode,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code} ${JSON.stringify(params)}`, options);
  }
}
