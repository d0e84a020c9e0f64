import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { sm2, sm3 } from 'sm-crypto-v2';
import { canonicalJson } from '../bundle/canonical';
import { buildBundle, verifyBundleText } from '../bundle/format';
import { generateDeviceKey, type DeviceKey } from '../bundle/keys';
import { sampleInspector, samplePayload } from '../test/support/bundle-sample';
import { summarize, type BenchTable } from './table';

/**
 * Bundle verification throughput: verifyBundleText on 1,000 bundles of one
 * inspection each (no photos), beside the raw limit on the same files in the same run —
 * JSON.parse + SHA-256 over the file + signature verify of pre-computed header bytes,
 * nothing else. The difference is what safety costs: the strict duplicate-key, depth and
 * canonical-form scan, the zod schema, the key-id and evidence checks.
 */

const BUNDLES = 1_000;
const ROUNDS = 7;
const SM2_BUNDLES = 100;
const SM2_ROUNDS = 3;

interface Prepared {
  text: string;
  headerBytes: Buffer;
  signature: Buffer;
}

function prepare(key: DeviceKey, count: number): Prepared[] {
  const header = { appVersion: '0.1.0', inspector: sampleInspector() };
  return Array.from({ length: count }, (_, i) => {
    const text = buildBundle({ header, payload: samplePayload(i) }, key);
    const parsed = JSON.parse(text) as { header: unknown; signature: string };
    // Given to the raw baseline for free: it does not even canonicalise the header.
    return { text, headerBytes: Buffer.from(canonicalJson(parsed.header)), signature: Buffer.from(parsed.signature, 'base64') };
  });
}

/**
 * Bundles per second in each round, for each function. The functions take turns round
 * by round, so a busy machine slows them alike and their ratio holds.
 */
function throughput(bundles: Prepared[], rounds: number, fns: ((b: Prepared) => void)[]): number[][] {
  for (const fn of fns) for (const b of bundles.slice(0, 50)) fn(b); // warm-up
  const rates: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      for (const b of bundles) fn(b);
      rates[i]?.push(bundles.length / ((performance.now() - t0) / 1000));
    });
  }
  return rates;
}

/** Higher is better for a rate, so the "p95" column holds the slowest 5% round. */
function rateSummary(rates: number[]): { median: number; p95: number } {
  const sorted = [...rates].sort((a, b) => a - b);
  const { median } = summarize(rates);
  const slow = sorted[Math.max(0, Math.ceil(0.05 * sorted.length) - 1)] ?? NaN;
  return { median: Math.round(median), p95: Math.round(slow) };
}

function mustVerify(b: Prepared): void {
  const result = verifyBundleText(b.text);
  if (!result.ok) throw new Error(`bench bundle refused: ${result.reason}`);
}

export async function benchBundleCrypto(): Promise<BenchTable> {
  const ed = generateDeviceKey('ed25519');
  const edBundles = prepare(ed, BUNDLES);
  const edKey = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(ed.publicKey, 'base64')]),
    format: 'der',
    type: 'spki',
  });
  const avgKb = edBundles.reduce((s, b) => s + b.text.length, 0) / edBundles.length / 1024;
  const [rawRates = [], fullRates = []] = throughput(edBundles, ROUNDS, [
    (b) => {
      JSON.parse(b.text);
      createHash('sha256').update(b.text).digest('hex');
      if (!nodeVerify(null, b.headerBytes, edKey, b.signature)) throw new Error('raw verify failed');
    },
    mustVerify,
  ]);
  const raw = rateSummary(rawRates);
  const full = rateSummary(fullRates);

  const sm = generateDeviceKey('sm2');
  const smBundles = prepare(sm, SM2_BUNDLES);
  const smPoint = sm2.precomputePublicKey(sm.publicKey);
  const [smRawRates = [], smFullRates = []] = throughput(smBundles, SM2_ROUNDS, [
    (b) => {
      JSON.parse(b.text);
      sm3(b.text);
      if (!sm2.doVerifySignature(b.headerBytes, b.signature.toString('hex'), smPoint, { hash: true })) throw new Error('raw SM2 verify failed');
    },
    mustVerify,
  ]);

  const header = { appVersion: '0.1.0', inspector: sampleInspector() };
  const payloads = Array.from({ length: 200 }, (_, i) => samplePayload(i));
  const buildRates: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (const payload of payloads) buildBundle({ header, payload }, ed);
    buildRates.push(payloads.length / ((performance.now() - t0) / 1000));
  }

  return {
    title: `Signed bundles: verify throughput, ${BUNDLES} one-inspection bundles (~${avgKb.toFixed(1)} KB each, no photos)`,
    rows: [
      {
        name: 'verifyBundleText, Ed25519 (size, strict canonical parse, schema, hash, signature, evidence)',
        ...full,
        unit: 'bundles/s',
        baseline: { name: 'raw limit: JSON.parse + SHA-256 + Ed25519 verify', ...raw },
        target: `≥ 500 bundles/s and ≥ 50% of raw (here ${Math.round((100 * full.median) / raw.median)}%)`,
      },
      {
        name: `verifyBundleText, SM2/SM3 (${SM2_BUNDLES} bundles)`,
        ...rateSummary(smFullRates),
        unit: 'bundles/s',
        baseline: { name: 'raw limit: JSON.parse + SM3 + SM2 verify (sm-crypto-v2)', ...rateSummary(smRawRates) },
      },
      {
        name: 'buildBundle, Ed25519 (canonicalise, hash, sign, self-verify)',
        ...rateSummary(buildRates),
        unit: 'bundles/s',
      },
    ],
  };
}
