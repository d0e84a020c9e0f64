/**
 * The signed-bundle engine (issue 7): everything that needs no database. Import rules
 * (key trust, quarantine, revisions, duplicates) live with the services that use it.
 */
export { CanonicalJsonError, canonicalJson, canonicalSha256, sha256Hex } from './canonical';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, formatBytes, parseSafeJson, type SafeJsonOptions, type SafeJsonResult } from './safe-json';
export {
  DeviceKey,
  KEY_ALGS,
  PrivateKey,
  SM2_DEFAULT_USER_ID,
  decodePublicKey,
  fingerprintOf,
  generateDeviceKey,
  keyIdOf,
  sign,
  verify,
  type KeyAlg,
} from './keys';
export { KEY_FILE_NAME, KeyFileError, ensureDeviceKey, keyFilePath, loadKeyFile, saveKeyFile, type KeyProtector } from './key-file';
export {
  BUNDLE_FILE_SUFFIX,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  BundleBuildError,
  buildBundle,
  bundleSchema,
  verifyBundleText,
  type Bundle,
  type BundleAlg,
  type BundleHeader,
  type BundleHeaderInput,
  type BundlePayload,
  type BundleSigner,
  type BundleVerifyCode,
  type BundleVerifyOptions,
  type BundleVerifyResult,
} from './format';
export { AtomicWriteError, writeFileAtomic, writeFileAtomicSync } from './atomic-write';
export { buildBundleEml, buildEml, type EmlInput, type MailAddress } from './eml';
export { buildEnrollmentRequest, verifyEnrollmentRequest, type EnrollmentRequest, type EnrollmentVerifyResult } from './enrollment';
