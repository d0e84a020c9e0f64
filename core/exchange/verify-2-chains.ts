/**
 * The importer's checks on one incoming inspection, before anything is written:
 * its revisions form one chain whose hashes hold and whose snapshots name this
 * inspection, and its audit log is an unbroken hash chain. Each failure is an
 * AppError with a reason a person at the bureau can act on.
 */
import { sha256Hex } from '../../bundle/canonical';
import { parseSafeJson } from '../../bundle/safe-json';
import { GENESIS_HASH, entryHashMatches } from '../audit/chain';
import { anchorProblem, sealProblem } from '../records/seal';
import { AppError } from '../../lib/errors';
import { snapshotSchema, type InspectionRecord, type RevisionRecord, type SnapshotRecord } from './payload';

const RESEND = '请让发送方重新导出。';

function refuse(message: string): never {
  throw new AppError('INTEGRITY', message);
}

function sameActor(a: { name: string; badgeNo: string; unit: string }, b: { name: string; badgeNo: string; unit: string }): boolean {
  return a.name === b.name && a.badgeNo === b.badgeNo && a.unit === b.unit;
}

/** Parses and checks one revision's snapshot against its record; `label` names it in messages. */
export function checkRevision(inspectionId: string, rev: RevisionRecord, label: string): SnapshotRecord {
  if (sha256Hex(rev.canonical) !== rev.sha256) {
    refuse(`${label}的内容与其 SHA-256 不符（签署后被改动过）。${RESEND}`);
  }
  const parsed = parseSafeJson(rev.canonical, { canonical: true, maxBytes: 50 * 1024 * 1024 });
  const checked = parsed.ok ? snapshotSchema.safeParse(parsed.value) : null;
  if (!parsed.ok || !checked?.success) refuse(`${label}不是有效的检查记录快照。${RESEND}`);
  // The parsed value, not zod's copy (equal: payload.test.ts), as recheckedInspection rebuilds it.
  const snap = parsed.value as SnapshotRecord;
  if (
    snap.inspectionId !== inspectionId ||
    snap.revision !== rev.number ||
    snap.parentSha256 !== rev.parentSha256 ||
    snap.amendmentReason !== rev.reason ||
    snap.signedAt !== rev.signedAt ||
    !sameActor(snap.signedBy, rev.signedBy)
  ) {
    refuse(`${label}的版本号、上一版、签署时间或签署人与快照内容不一致。${RESEND}`);
  }
  return snap;
}

/** How an inspection is named in messages: 「上海某公司 2026-11-27」的检查. */
export function inspectionLabel(rec: Pick<InspectionRecord, 'inspectedOn'>, agencyName: string): string {
  return `「${agencyName} ${rec.inspectedOn}」的检查`;
}

export interface CheckedInspection {
  record: InspectionRecord;
  /** Snapshots by revision number. */
  snapshots: Map<number, SnapshotRecord>;
  latest: { revision: RevisionRecord; snapshot: SnapshotRecord };
  label: string;
  /**
   * Set when the verifier's worker has also proven the latest snapshot's working copy
   * faithful (verify-all.ts): the body text of the scoring template it used.
   */
  provenWith?: string;
}

/** Checks an incoming inspection's revision chain and audit chain; `label` is e.g. 「某公司 2026-11-27」的检查. */
export function checkInspection(rec: InspectionRecord, label: string): CheckedInspection {
  const snapshots = new Map<number, SnapshotRecord>();
  let parent: string | null = null;
  rec.revisions.forEach((rev, i) => {
    const name = `${label}第 ${rev.number} 版`;
    if (rev.number !== i + 1) refuse(`${label}的版本不连续（应为第 ${i + 1} 版，却是第 ${rev.number} 版）。${RESEND}`);
    if (rev.parentSha256 !== parent) refuse(`${name}声明的上一版与第 ${i} 版的哈希不符。${RESEND}`);
    snapshots.set(rev.number, checkRevision(rec.id, rev, name));
    parent = rev.sha256;
  });
  const checked = checkedOf(rec, snapshots, label);
  const s = checked.latest.snapshot;
  if (
    s.agency?.id !== rec.agencyId ||
    s.inspection.kind !== rec.kind ||
    s.inspection.type !== rec.type ||
    s.inspection.inspectedOn !== rec.inspectedOn
  ) {
    refuse(`${label}的机构、类别、检查类型或日期与最新签署版本不一致。${RESEND}`);
  }
  if (s.inspection.templateId !== rec.template.id || s.inspection.templateVersion !== rec.template.version) {
    refuse(`${label}附带的评分模板与签署版本使用的模板不一致。${RESEND}`);
  }

  let prev = GENESIS_HASH;
  rec.audit.forEach((e, i) => {
    if (e.seq !== i + 1) refuse(`${label}的操作日志缺少第 ${i + 1} 条（下一条是第 ${e.seq} 条），哈希链断开。${RESEND}`);
    if (e.prevHash !== prev) refuse(`${label}的操作日志第 ${e.seq} 条与上一条不衔接，哈希链断开。${RESEND}`);
    // actorSchema is strict, so these three are all its members; written in canonical
    // order, the entry's canonical text comes straight from the native serialiser.
    const actor = { badgeNo: e.actor.badgeNo, name: e.actor.name, unit: e.actor.unit };
    const entry = { inspectionId: rec.id, seq: e.seq, actor, at: e.at, action: e.action, path: e.path, oldValue: e.oldValue, newValue: e.newValue, prevHash: e.prevHash };
    if (!entryHashMatches(entry, e.hash)) refuse(`${label}的操作日志第 ${e.seq} 条的内容与其哈希不符（被改动过）。${RESEND}`);
    prev = e.hash;
  });
  // Each revision is sealed by the device that signed it, after the chain head its seal
  // names: the sender cannot have cut or rewritten the log up to a signature without
  // that device's key. Which keys may seal is the importer's question (apply.ts).
  for (const rev of rec.revisions) {
    const name = `${label}第 ${rev.number} 版`;
    if (rev.seal === undefined) refuse(`${name}没有设备签章：数据包由旧版督查台导出，或签章被去掉了。请发送方升级督查台后重新导出。`);
    const problem = sealProblem(rev.seal, rec.id, rev.sha256) ?? anchorProblem(rev.seal, rev.sha256, rec.audit);
    if (problem) refuse(`${name}：${problem}。${RESEND}`);
  }
  return checked;
}

function checkedOf(rec: InspectionRecord, snapshots: Map<number, SnapshotRecord>, label: string): CheckedInspection {
  const lastRevision = rec.revisions[rec.revisions.length - 1] as RevisionRecord;
  return { record: rec, snapshots, latest: { revision: lastRevision, snapshot: snapshots.get(lastRevision.number) as SnapshotRecord }, label };
}

/**
 * What checkInspection returns for a record it has already passed (on the verifier's
 * worker), rebuilt by JSON.parse of each revision's canonical text: checkRevision's
 * snapshots are the parsed values, so these are the same. Only for records that passed.
 */
export function recheckedInspection(rec: InspectionRecord, label: string): CheckedInspection {
  return checkedOf(rec, new Map(rec.revisions.map((rev) => [rev.number, JSON.parse(rev.canonical) as SnapshotRecord])), label);
}
