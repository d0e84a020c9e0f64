/**
 * Applying one verified bundle from a trusted key. The caller runs this inside one
 * transaction (a savepoint per file): any AppError thrown here rolls back every row
 * the file wrote. All checks run before the first write.
 *
 * Rules (ODK Central's model; docs/bundle-format.md): an agency is upserted by id (newer record
 * wins; the same credit code on a different agency refuses the file); per inspection,
 * a known revision is a no-op, a revision whose parent is our latest is appended and
 * the working copy rebuilt from it, and any other new revision is kept as a conflict
 * for a person to resolve. Audit entries are copied verbatim where the sender's chain
 * extends ours, so `ducha audit verify` holds here too.
 */
import { findConflict, insertConflict } from '../../db/repositories/bundles';
import { AppError } from '../../lib/errors';
import type { ImportCounts, ImportResult } from '../contract/bundles';
import type { ServiceContext } from '../context';
import { imageInfo } from '../evidence/image';
import { newId, nowIso } from '../ids';
import { ownKeyIds } from '../domain/device-key';
import type { RevisionSeal } from '../records/seal';
import { checkInspection, inspectionLabel, type CheckedInspection } from './verify-2-chains';
import { BUILT_IN_BODY, isBuiltIn, templateOfBody } from '../domain/template-body';
import { hasBlob, type PendingFiles } from './files';
import { actorText, snapshotBlobs, type AgencyRecord, type AuditRecord, type InspectionRecord, type RevisionRecord } from './payload';
import type { ReadBundle } from './verify-1-read';
import { bool, insertRows, statements, type Statements } from '../../db/repositories/import-statements';
import { inspectionColumns, replaceWorkingCopy } from './working-copy';

interface LocalRevision {
  number: number;
  sha256: string;
  parentSha256: string | null;
}

export function zeroCounts(): ImportCounts {
  return { agenciesAdded: 0, agenciesUpdated: 0, inspectionsAdded: 0, inspectionsUpdated: 0, revisionsAdded: 0, conflicts: 0, auditEntries: 0, files: 0, filesPending: 0 };
}

function refuse(message: string): never {
  throw new AppError('INTEGRITY', message);
}

interface Outcome {
  counts: ImportCounts;
  inspections: ImportResult['inspections'];
  notes: string[];
}

// ---------------------------------------------------------------------------
// Checks (no writes)

function checkAll(
  ctx: ServiceContext,
  st: Statements,
  b: ReadBundle,
  preChecked: readonly CheckedInspection[] | null,
): { checked: CheckedInspection[]; agencyNames: Map<string, string> } {
  const p = b.payload;
  const agencyNames = new Map<string, string>();
  const codes = new Map<string, string>();
  for (const a of p.agencies) {
    if (agencyNames.has(a.id)) refuse(`数据包中机构「${a.name}」出现了两次。请让发送方重新导出。`);
    const twin = codes.get(a.creditCode);
    if (twin) refuse(`数据包中「${twin}」与「${a.name}」使用同一统一社会信用代码 ${a.creditCode}。请让发送方核对机构登记后重新导出。`);
    codes.set(a.creditCode, a.name);
    agencyNames.set(a.id, a.name);
    const sameCode = st.agencyByCode.get(a.creditCode) as { id: string; name: string } | undefined;
    if (sameCode && sameCode.id !== a.id) {
      refuse(
        `机构「${a.name}」的统一社会信用代码 ${a.creditCode} 在本机已登记为另一机构「${sameCode.name}」（编号不同），未导入。请核对两边的机构登记：若是同一机构，请在本机删除重复登记或请发送方改用本机的机构记录后重新导出。`,
      );
    }
  }

  const seen = new Set<string>();
  const checked = p.inspections.map((rec, i) => {
    if (seen.has(rec.id)) refuse(`数据包中同一项检查（编号 ${rec.id}）出现了两次。请让发送方重新导出。`);
    seen.add(rec.id);
    const agencyName = agencyNames.get(rec.agencyId) ?? (st.agencyById.get(rec.agencyId) as { name: string } | undefined)?.name;
    if (agencyName === undefined) refuse(`数据包中的检查（${rec.inspectedOn}）所属的机构既不在数据包中，也未在本机登记。请让发送方重新导出。`);
    const label = inspectionLabel(rec, agencyName);
    // Passed on the worker already: only the name its messages use may differ.
    const done = preChecked?.[i];
    return done ? { ...done, label } : checkInspection(rec, label);
  });

  const templates = new Map<string, InspectionRecord['template']>();
  for (const c of checked) templates.set(JSON.stringify([c.record.template.id, c.record.template.version]), c.record.template);
  for (const t of templates.values()) {
    if (!templateOfBody(t.body)) refuse(`数据包附带的评分模板「${t.name}」（版本 ${t.version}）无效。请让发送方重新导出。`);
    // The built-in template is the one this program ships: compared with that, never with a
    // row, so a bundle can neither replace it nor slip in before its row is first written.
    if (isBuiltIn(t) && t.body !== BUILT_IN_BODY) {
      refuse(`数据包附带的内置评分模板「${t.name}」（版本 ${t.version}）与本软件自带的内容不同，未导入。请让发送方使用未经改动的督查台重新导出。`);
    }
    const local = st.templateBody.get(t.id, t.version) as { body: string } | undefined;
    if (local && local.body !== t.body) {
      refuse(`数据包附带的评分模板「${t.name}」（版本 ${t.version}）与本机同编号同版本的模板内容不同，未导入。请核对评分模板后重新导出。`);
    }
  }
  // A revision is sealed by the key that signed the bundle (the usual case), or by another
  // key this installation believes (the same inspector's other key, one trusted here).
  let own: Set<string> | undefined;
  for (const c of checked) {
    for (const rev of c.record.revisions) {
      const seal = rev.seal as RevisionSeal;
      if (seal.keyId === b.header.keyId) continue;
      own ??= ownKeyIds(ctx);
      if (own.has(seal.keyId)) continue;
      if ((st.trustedPublicKey.get(seal.keyId) as { publicKey: string } | undefined)?.publicKey === seal.publicKey) continue;
      refuse(`${c.label}第 ${rev.number} 版的设备签章来自本机不信任的密钥（${seal.keyId}），未导入。请先信任该设备的密钥，再重新导入。`);
    }
  }
  return { checked, agencyNames };
}

/** Every file the incoming revisions refer to must arrive here, be on disk, or be announced in evidence parts. */
function checkFiles(ctx: ServiceContext, b: ReadBundle, checked: CheckedInspection[], files: PendingFiles, batch: PendingFiles, counts: ImportCounts): void {
  // Files arriving earlier in the same batch are written after its commit; they count as here.
  const present = (sha: string) => hasBlob(ctx.dataDir, sha) || batch.has(sha) || files.has(sha);
  const p = b.payload;
  const carried = new Map(p.evidence.map((e) => [e.sha256, e]));
  const announced = new Set(p.evidenceParts?.sha256 ?? []);
  const pending = new Set<string>();
  for (const c of checked) {
    for (const [number, snap] of c.snapshots) {
      for (const sha of snapshotBlobs(snap)) {
        if (carried.has(sha) || present(sha)) continue;
        if (announced.has(sha)) {
          pending.add(sha);
          continue;
        }
        refuse(`${c.label}第 ${number} 版引用的证据文件（SHA-256 ${sha.slice(0, 16)}…）不在数据包中，本机也没有。请让发送方重新导出。`);
      }
    }
  }
  counts.filesPending = pending.size;
  for (const e of p.evidence) {
    const bytes = Buffer.from(e.base64, 'base64');
    if (imageInfo(bytes)?.mediaType !== e.mediaType) {
      refuse(`数据包中的证据文件（SHA-256 ${e.sha256.slice(0, 16)}…）不是有效的 ${e.mediaType === 'image/png' ? 'PNG' : 'JPEG'} 图片。请让发送方重新导出。`);
    }
    if (!present(e.sha256)) {
      files.add(e.sha256, e.mediaType, bytes);
      counts.files++;
    }
  }
}

// ---------------------------------------------------------------------------
// Writes

/** What a checklist from a bundle made before rectification was recorded says of it. */
const NOTHING_RECTIFIED = { resourceRectifiedOn: '', resourceRectifiedNote: '', personnelRectifiedOn: '', personnelRectifiedNote: '' };

function applyAgency(st: Statements, a: AgencyRecord, counts: ImportCounts): void {
  const { certificates, personnel, selfCheck, ...fields } = a;
  const local = st.agencyById.get(a.id) as { updatedAt: string } | undefined;
  const newer = !local || a.updatedAt > local.updatedAt;
  if (!local) {
    st.insertAgency.run(fields);
    counts.agenciesAdded++;
  } else if (newer) {
    st.updateAgency.run(fields);
    counts.agenciesUpdated++;
  }
  if (newer) {
    st.deleteCertificates.run(a.id);
    for (const c of certificates) st.insertCertificate.run({ ...c, agencyId: a.id });
  }

  // 附件2 and 附件1 are the agency's, not one inspection's: the newer record of each block wins.
  const summary = personnel.summary;
  const localSummary = st.checklistUpdatedAt.get(a.id) as { updatedAt: string } | undefined;
  if (summary && (!localSummary || summary.updatedAt > localSummary.updatedAt)) st.upsertChecklist.run({ agencyId: a.id, ...NOTHING_RECTIFIED, ...summary });
  if (personnel.persons.length > 0) {
    const incoming = personnel.persons.reduce((m, r) => (r.updatedAt > m ? r.updatedAt : m), '');
    const localPersons = st.personsLatest.get(a.id) as { n: number; latest: string | null };
    if (localPersons.n === 0 || incoming > (localPersons.latest ?? '')) {
      st.deletePersons.run(a.id);
      for (const p of personnel.persons) {
        st.insertPerson.run({
          ...p,
          agencyId: a.id,
          disclosureCancelled: bool(p.disclosureCancelled),
          qualificationRevoked: bool(p.qualificationRevoked),
          createdAt: p.updatedAt,
        });
      }
    }
  }
  const localItems = new Map((st.selfCheckTimes.all(a.id) as { itemKey: string; updatedAt: string }[]).map((r) => [r.itemKey, r.updatedAt]));
  for (const { key, ...item } of selfCheck) {
    const at = localItems.get(key);
    if (at === undefined || item.updatedAt > at) st.upsertSelfCheck.run({ agencyId: a.id, itemKey: key, ...item });
  }
}

function revisionRow(inspectionId: string, rev: RevisionRecord, number: number) {
  return {
    inspectionId,
    number,
    sha256: rev.sha256,
    parentSha256: rev.parentSha256,
    canonical: rev.canonical,
    reason: rev.reason,
    signedAt: rev.signedAt,
    signedBy: actorText(rev.signedBy),
    seal: sealText(rev),
  };
}

/** The seal as stored (JSON); verify-2-chains.ts has refused any revision without one. */
function sealText(rev: RevisionRecord): string {
  const s = rev.seal as RevisionSeal;
  return JSON.stringify({ alg: s.alg, keyId: s.keyId, publicKey: s.publicKey, auditSeq: s.auditSeq, auditHead: s.auditHead, signature: s.signature });
}

function inspectionFields(c: CheckedInspection, snapshot: CheckedInspection['latest']['snapshot'], revision: number) {
  const rec = c.record;
  const columns = inspectionColumns(snapshot.inspection);
  return {
    id: rec.id,
    createdAt: rec.createdAt,
    agencyId: rec.agencyId,
    ...columns,
    status: rec.status,
    spotCheck: bool(columns.spotCheck),
    revision,
    amendmentReason: '',
    submittedAt: rec.submittedAt,
    updatedAt: rec.updatedAt,
  };
}

/** Copies audit entries exactly as the sender's chain has them (hashes already checked). */
function insertAudit(st: Statements, inspectionId: string, entries: AuditRecord[]): void {
  insertRows(
    st.insertAudit,
    entries.map((e) => [inspectionId, e.seq, actorText(e.actor), e.at, e.action, e.path, JSON.stringify(e.oldValue ?? null), JSON.stringify(e.newValue ?? null), e.prevHash, e.hash]),
  );
}

function applyNewInspection(ctx: ServiceContext, st: Statements, c: CheckedInspection, counts: ImportCounts): void {
  const rec = c.record;
  st.insertInspection.run(inspectionFields(c, c.latest.snapshot, rec.revisions.length));
  for (const rev of rec.revisions) st.insertRevision.run(revisionRow(rec.id, rev, rev.number));
  replaceWorkingCopy(ctx, rec.id, c.latest.snapshot, `${c.label}第 ${c.latest.revision.number} 版`, { fresh: true, provenWith: c.provenWith });
  insertAudit(st, rec.id, rec.audit);
  counts.inspectionsAdded++;
  counts.revisionsAdded += rec.revisions.length;
  counts.auditEntries += rec.audit.length;
}

function conflictCause(local: LocalRevision[], rev: RevisionRecord, amending: boolean): string {
  if (amending) return `本机已对该检查发起更改且尚未签署，导入的第 ${rev.number} 版没有覆盖本机的修改`;
  const parent = local.find((r) => r.sha256 === rev.parentSha256);
  if (parent || rev.parentSha256 === null) {
    const sibling = local.find((r) => r.parentSha256 === rev.parentSha256);
    const base = parent ? `第 ${parent.number} 版` : '同一检查的初始版本';
    return `导入的第 ${rev.number} 版与本机第 ${sibling?.number ?? '?'} 版都以${base}为上一版：两个不同的后续版本`;
  }
  return `导入的第 ${rev.number} 版接在本机没有的版本之后：发送方的记录已与本机分开`;
}

function applyExistingInspection(
  ctx: ServiceContext,
  st: Statements,
  b: ReadBundle,
  c: CheckedInspection,
  local: { agencyId: string; status: string },
  out: Outcome,
): ImportResult['inspections'][number]['action'] {
  const { db } = ctx.store;
  const rec = c.record;
  if (local.agencyId !== rec.agencyId) refuse(`${c.label}在本机属于另一个机构（检查编号相同而机构不同），未导入。请核对后重新导出。`);
  const localRevs = st.revisionsOf.all(rec.id) as LocalRevision[];
  const known = new Set(localRevs.map((r) => r.sha256));
  const amending = local.status === 'draft' || local.status === 'completed';
  const last = localRevs[localRevs.length - 1];
  let tip = last?.sha256 ?? null;
  const baseNumber = last?.number ?? 0;
  const append: RevisionRecord[] = [];
  const conflicts: RevisionRecord[] = [];
  for (const rev of rec.revisions) {
    if (known.has(rev.sha256)) continue;
    if (conflicts.length === 0 && !amending && rev.parentSha256 === tip) {
      append.push(rev);
      tip = rev.sha256;
    } else conflicts.push(rev);
  }

  const localAudit = st.auditHashes.all(rec.id) as { hash: string }[];
  let common = 0;
  while (common < localAudit.length && common < rec.audit.length && localAudit[common]?.hash === rec.audit[common]?.hash) common++;
  const diverged = common < localAudit.length && common < rec.audit.length;

  let changed = false;
  if (append.length > 0) {
    append.forEach((rev, i) => st.insertRevision.run(revisionRow(rec.id, rev, baseNumber + i + 1)));
    const newest = append[append.length - 1] as RevisionRecord;
    const snap = c.snapshots.get(newest.number);
    if (!snap) refuse(`${c.label}缺少第 ${newest.number} 版的内容。`);
    replaceWorkingCopy(ctx, rec.id, snap, `${c.label}第 ${newest.number} 版`, { provenWith: snap === c.latest.snapshot ? c.provenWith : undefined });
    st.updateInspection.run(inspectionFields(c, snap, baseNumber + append.length));
    out.counts.revisionsAdded += append.length;
    changed = true;
  }
  if (!diverged && conflicts.length === 0 && rec.audit.length > localAudit.length) {
    insertAudit(st, rec.id, rec.audit.slice(localAudit.length));
    out.counts.auditEntries += rec.audit.length - localAudit.length;
    changed = true;
    // Same signed content, but the sender has since marked it 已提交.
    if (append.length === 0 && last?.sha256 === c.latest.revision.sha256 && rec.status === 'submitted' && local.status === 'signed') {
      st.markSubmitted.run(rec.submittedAt, rec.updatedAt, rec.id);
    }
  } else if (diverged && conflicts.length === 0 && append.length > 0) {
    out.notes.push(`${c.label}的操作日志自第 ${common + 1} 条起与本机不同，导入的日志未合并（本机日志保持完整）。`);
  }

  const now = nowIso();
  for (const rev of conflicts) {
    if (findConflict(db, rec.id, rev.sha256)) continue;
    insertConflict(db, {
      id: newId(),
      inspectionId: rec.id,
      number: rev.number,
      sha256: rev.sha256,
      parentSha256: rev.parentSha256,
      canonical: rev.canonical,
      reason: rev.reason,
      signedAt: rev.signedAt,
      signedBy: actorText(rev.signedBy),
      seal: sealText(rev),
      cause: conflictCause(localRevs, rev, amending),
      incomingAudit: JSON.stringify(rec.audit.slice(common)),
      fromBundleId: b.header.bundleId,
      detectedAt: now,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
    });
    out.counts.conflicts++;
  }
  if (changed) out.counts.inspectionsUpdated++;
  return conflicts.length > 0 ? 'conflict' : changed ? 'updated' : 'unchanged';
}

/**
 * Applies a verified bundle from a trusted key; throws AppError (roll back) to refuse it.
 * `preChecked`: its inspections as verify-2-chains.ts passed them on the worker (verify-all.ts).
 */
export function applyBundle(ctx: ServiceContext, b: ReadBundle, files: PendingFiles, batch: PendingFiles, preChecked: readonly CheckedInspection[] | null = null): Outcome {
  const st = statements(ctx.store.db);
  const out: Outcome = { counts: zeroCounts(), inspections: [], notes: [] };
  const { checked, agencyNames } = checkAll(ctx, st, b, preChecked);
  checkFiles(ctx, b, checked, files, batch, out.counts);

  for (const a of b.payload.agencies) applyAgency(st, a, out.counts);
  const now = nowIso();
  for (const c of checked) {
    const t = c.record.template;
    st.insertTemplate.run(t.id, t.version, t.name, t.body, now);
  }
  for (const c of checked) {
    const local = st.inspectionById.get(c.record.id) as { agencyId: string; status: string } | undefined;
    let action: ImportResult['inspections'][number]['action'];
    if (!local) {
      applyNewInspection(ctx, st, c, out.counts);
      action = 'added';
    } else {
      action = applyExistingInspection(ctx, st, b, c, local, out);
    }
    out.inspections.push({
      id: c.record.id,
      agencyName: agencyNames.get(c.record.agencyId) ?? (st.agencyById.get(c.record.agencyId) as { name: string } | undefined)?.name ?? '',
      inspectedOn: c.record.inspectedOn,
      action,
    });
  }
  if (out.counts.filesPending > 0) {
    const parts = b.payload.evidenceParts?.parts ?? 0;
    out.notes.push(`有 ${out.counts.filesPending} 份证据文件在另外 ${parts} 个证据数据包中，请一并导入，否则相应照片和签名图片暂时无法显示。`)
  }
  return out;
}
