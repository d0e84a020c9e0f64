/**
 * Whether an inspection's stored record still is what this app wrote: the audit hash
 * chain holds; every signed revision's text makes its SHA-256 and is sealed by a key this
 * installation believes (its own or a trusted one); each seal's audit entry is in the
 * chain with the hash it had, followed by that revision's `sign` entry; every `sign`
 * entry names a stored revision; a revision after the first follows an amendment; and
 * the inspection row's revision number and status agree with all that.
 *
 * Run before signing, exporting and printing a revision, and by `audit verify`. What it
 * can and cannot see is set out in docs/threat-model.md.
 */
import { sha256Hex } from '../../bundle/canonical';
import { getTrustedKey } from '../../db/repositories/bundles';
import type { InspectionListRow } from '../../db/repositories/inspections';
import { adoptedRevisionShas, listRevisions, type RevisionRow } from '../../db/repositories/lifecycle';
import { readAudit, verifyAuditChain, type AuditEntry, type ChainCheck } from '../audit/chain';
import type { ServiceContext } from '../context';
import { isLocked } from '../contract/inspections';
import { ownKeyIds } from '../domain/device-key';
import { anchorProblem, parseSeal, sealProblem, signedSha, type RevisionSeal } from './seal';

export interface RecordCheck {
  ok: boolean;
  chain: ChainCheck;
  /** Each problem in plain Chinese, naming the revision or entry; empty when ok. */
  problems: string[];
}

/** Why a revision's stored text, hash and seal do not hold, or null. */
export function revisionProblem(ctx: ServiceContext, r: RevisionRow, own: ReadonlySet<string> = ownKeyIds(ctx)): string | null {
  if (sha256Hex(r.canonical) !== r.sha256) return `第 ${r.number} 版的内容与其 SHA-256 不符（签署后被改动过）`;
  const seal = parseSeal(r.seal);
  const problem = sealProblem(seal, r.inspectionId, r.sha256);
  if (problem) return `第 ${r.number} 版${problem}`;
  if (!keyBelieved(ctx, seal as RevisionSeal, own)) return `第 ${r.number} 版的设备签章来自本机不信任的密钥（${(seal as RevisionSeal).keyId}）`;
  return null;
}

function keyBelieved(ctx: ServiceContext, seal: RevisionSeal, own: ReadonlySet<string>): boolean {
  if (own.has(seal.keyId)) return true;
  const trusted = getTrustedKey(ctx.store.db, seal.keyId);
  return trusted !== undefined && trusted.publicKey === seal.publicKey;
}

/** The amendment rule on the chain: between two `sign` entries there is an `amend` entry. */
function lifecycleProblem(audit: readonly AuditEntry[]): string | null {
  let signed = false;
  let amended = false;
  for (const e of audit) {
    if (e.action === 'amend') amended = true;
    if (signedSha(e) === null) continue;
    if (signed && !amended) return `操作日志第 ${e.seq} 条是再次签署，但此前没有发起更改的记录`;
    signed = true;
    amended = false;
  }
  return null;
}

export function verifyRecord(ctx: ServiceContext, row: InspectionListRow): RecordCheck {
  const { db } = ctx.store;
  const chain = verifyAuditChain(ctx.store, row.id);
  const problems: string[] = [];
  if (!chain.ok) problems.push(`操作日志第 ${chain.brokenSeq} 条：${chain.reason}`);
  const audit = readAudit(ctx.store, row.id);
  const revisions = listRevisions(db, row.id);
  const own = ownKeyIds(ctx);
  const adopted = adoptedRevisionShas(db, row.id);

  const stored = new Set(revisions.map((r) => r.sha256));
  for (const r of revisions) {
    const problem = revisionProblem(ctx, r, own);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const seal = parseSeal(r.seal) as RevisionSeal;
    // A revision adopted from a conflict was signed after another device's history, not
    // this chain's; its seal still proves its content and signer.
    if (adopted.has(r.sha256) && !own.has(seal.keyId)) continue;
    if (chain.ok) {
      const anchor = anchorProblem(seal, r.sha256, audit);
      if (anchor) problems.push(`第 ${r.number} 版：${anchor}`);
    }
  }
  if (chain.ok) {
    for (const e of audit) {
      const sha = signedSha(e);
      if (sha !== null && !stored.has(sha)) problems.push(`操作日志第 ${e.seq} 条记录了一次签署，但该版本不在本机记录中（版本被删除）`);
    }
    const rule = lifecycleProblem(audit);
    if (rule) problems.push(rule);
  }

  const newest = revisions.length === 0 ? 0 : Math.max(...revisions.map((r) => r.number));
  if (row.revision !== newest) problems.push(`检查记录标明第 ${row.revision} 版，本机保存的最新版本却是第 ${newest} 版`);
  if (isLocked(row.status) && newest === 0) problems.push('检查记录标为已签署，却没有任何签署版本');
  if (!isLocked(row.status) && newest > 0 && chain.ok) {
    const lastSign = audit.findLastIndex((e) => signedSha(e) !== null);
    if (lastSign >= 0 && !audit.slice(lastSign + 1).some((e) => e.action === 'amend')) {
      problems.push('检查记录已签署，但状态被改回可编辑，且没有发起更改的记录');
    }
  }
  return { ok: problems.length === 0, chain, problems };
}

/** The problems as one sentence for an error message. */
export function recordProblemsText(check: RecordCheck): string {
  return check.problems.slice(0, 3).join('；') + (check.problems.length > 3 ? ` 等 ${check.problems.length} 处` : '');
}
