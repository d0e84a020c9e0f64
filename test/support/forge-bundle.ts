import { canonicalJson, sha256Hex } from '../../bundle/canonical';
import { bundleAlgOf, type BundleSigner } from '../../bundle/format';

/**
 * Test helper: writes a bundle text from ANY header and payload, signed by any signer,
 * skipping buildBundle's validation and self-check — how an attacker or a buggy sender
 * would make a file. Only tests import this.
 */
export function forgeBundle(
  parts: { header: Record<string, unknown>; payload: unknown; payloadSha256?: string },
  signer: BundleSigner,
): string {
  const payloadText = canonicalJson(parts.payload);
  const header = {
    format: 'ducha-bundle',
    version: 1,
    bundleId: '01900000-0000-7000-8000-000000000001',
    createdAt: '2024-06-01T08:00:00.000Z',
    appVersion: '0.1.0',
    alg: bundleAlgOf(signer.alg),
    keyId: signer.keyId,
    publicKey: signer.publicKey,
    inspector: { name: '王立新', badgeNo: '31010020240017', unit: '上海市市场监督管理局' },
    payloadSha256: parts.payloadSha256 ?? sha256Hex(payloadText),
    ...parts.header,
  };
  const headerText = canonicalJson(header);
  const signature = Buffer.from(signer.sign(Buffer.from(headerText, 'utf8'))).toString('base64');
  return `{"header":${headerText},"payload":${payloadText},"signature":${JSON.stringify(signature)}}`;
}
