/**
 * Gathering what a bundle carries for a set of signed inspections: their agencies
 * (with certificates, the 附件2 personnel checklist and the 附件1 self-check review),
 * every signed revision as its canonical text, the whole audit chain, the scoring
 * template, and every photo, thumbnail and signature image any revision refers to.
 */
import { getAgency } from '../../db/repositories/agencies';
import { listRevisions } from '../../db/repositories/lifecycle';
import { getTemplateRow } from '../../db/repositories/scoring';
import { readAudit, type AuditEntry } from '../audit/chain';
import { AppError } from '../../lib/errors';
import type { ServiceContext } from '../context';
import { readBlob } from '../evidence/store';
import { requireInspection } from '../records/guard';
import { parseSeal, type RevisionSeal } from '../records/seal';
import { recordProblemsText, verifyRecord } from '../records/verify-record';
import type { InspectionListRow } from '../../db/repositories/inspections';
import { readChecklist, readSelfCheck } from '../domain/agency-records';
import { snapshotSchema, snapshotBlobs, type AgencyRecord, type AppPayload, type AuditRecord, type InspectionRecord } from './payload';

export interface Blob {
  sha256: string;
  mediaType: 'image/jpeg' | 'image/png';
  bytes: Buffer;
}

export interface Collected {
  agencies: AgencyRecord[];
  inspections: InspectionRecord[];
  blobs: Blob[];
  rows: InspectionListRow[];
}

/** Why an inspection cannot be exported now, or null when it can. */
export function notExportable(row: InspectionListRow): string | null {
  if (row.status === 'signed' || row.status === 'submitted') return null;
  if (row.revision > 0) return `正在更改中（第 ${row.revision} 版之后的修改尚未签署），请签署后再导出`;
  return row.status === 'completed' ? '已完成评分但尚未签署，请签署锁定后再导出' : '草稿尚未签署，请完成评分并签署锁定后再导出';
}

export function describeInspection(row: InspectionListRow): string {
  return `「${row.agencyName} ${row.inspectedOn}」`;
}

function agencyRecord(ctx: ServiceContext, agencyId: string): AgencyRecord {
  const a = getAgency(ctx.store.db, agencyId);
  if (!a) throw new AppError('NOT_FOUND', '检查所属的机构记录不存在，无法导出。请从备份恢复数据目录。', 'inspectionIds');
  const personnel = readChecklist(ctx, agencyId);
  const selfCheck = readSelfCheck(ctx, agencyId);
  const { certificates, ...fields } = a;
  const summary = personnel.summary;
  return {
    ...fields,
    certificates: certificates.map(({ agencyId: _a, ...c }) => c),
    personnel: {
      summary: summary.updatedAt === null ? null : { ...summary, updatedAt: summary.updatedAt },
      persons: personnel.persons,
    },
    // Items never saved have nothing to say; only reviewed ones travel.
    selfCheck: selfCheck.items.flatMap((i) => (i.updatedAt === null ? [] : [{ ...i, updatedAt: i.updatedAt }])),
  };
}

function auditRecord({ inspectionId: _id, ...e }: AuditEntry): AuditRecord {
  return { ...e, oldValue: (e.oldValue ?? null) as AuditRecord['oldValue'], newValue: (e.newValue ?? null) as AuditRecord['newValue'] };
}

/**
 * A stored file as export carries it. The store refuses a file whose bytes no longer
 * hash to its name (changed on disk); the bundle would name it by a hash it does not
 * have, so export stops here, saying which record and which file.
 */
function readChecked(ctx: ServiceContext, sha256: string, context: string): ReturnType<typeof readBlob> {
  try {
    return readBlob(ctx.dataDir, sha256);
  } catch (error) {
    if (error instanceof AppError && error.code === 'INTEGRITY') throw new AppError('INTEGRITY', `${context}${error.message}`, 'inspectionIds');
    throw error;
  }
}

/** Everything for these inspections; refuses (naming them) any that are not signed. */
export function collect(ctx: ServiceContext, inspectionIds: string[]): Collected {
  const { db } = ctx.store;
  const rows = inspectionIds.map((id) => requireInspection(ctx, id, 'inspectionIds'));
  const refused = rows.flatMap((r) => {
    const why = notExportable(r);
    return why ? [`${describeInspection(r)}${why}`] : [];
  });
  if (refused.length > 0) {
    throw new AppError('VALIDATION', `只能导出已签署的检查。以下检查不能导出：${refused.join('；')}。`, 'inspectionIds');
  }

  const agencies = new Map<string, AgencyRecord>();
  const blobs = new Map<string, Blob>();
  const inspections = rows.map((row): InspectionRecord => {
    // Nothing is exported (nor marked 已提交) that this machine cannot vouch for: the
    // bureau would refuse it, and the inspector would believe it delivered.
    const record = verifyRecord(ctx, row);
    if (!record.ok) {
      throw new AppError('INTEGRITY', `${describeInspection(row)}的记录在本机被改动过（${recordProblemsText(record)}），不能导出。请保留数据目录并报告市局。`, 'inspectionIds');
    }
    if (!agencies.has(row.agencyId)) agencies.set(row.agencyId, agencyRecord(ctx, row.agencyId));
    const template = getTemplateRow(db, row.templateId, row.templateVersion);
    if (!template) throw new AppError('INTEGRITY', `${describeInspection(row)}使用的评分模板不在本机，无法导出。请从备份恢复数据目录。`, 'inspectionIds');
    const revisions = listRevisions(db, row.id).map((r) => ({
      number: r.number,
      sha256: r.sha256,
      parentSha256: r.parentSha256,
      canonical: r.canonical,
      reason: r.reason,
      signedAt: r.signedAt,
      signedBy: JSON.parse(r.signedBy) as InspectionRecord['revisions'][number]['signedBy'],
      // verifyRecord has just parsed it; a revision without one is refused above.
      seal: parseSeal(r.seal) as RevisionSeal,
    }));
    for (const rev of revisions) {
      const snapshot = snapshotSchema.safeParse(JSON.parse(rev.canonical));
      if (!snapshot.success) throw new AppError('INTEGRITY', `${describeInspection(row)}第 ${rev.number} 版的内容无法读取，不能导出。`, 'inspectionIds');
      for (const sha of snapshotBlobs(snapshot.data)) {
        if (blobs.has(sha)) continue;
        const blob = readChecked(ctx, sha, `${describeInspection(row)}第 ${rev.number} 版引用的照片或签名图片无法导出：`);
        if (!blob) {
          throw new AppError(
            'NOT_FOUND',
            `${describeInspection(row)}第 ${rev.number} 版引用的照片或签名图片（${sha.slice(0, 16)}…）不在数据目录中，无法导出。请从备份恢复数据目录中的 evidence 文件夹。`,
            'inspectionIds',
          );
        }
        blobs.set(sha, { sha256: sha, mediaType: blob.mediaType as Blob['mediaType'], bytes: blob.bytes });
      }
    }
    return {
      id: row.id,
      agencyId: row.agencyId,
      kind: row.kind as InspectionRecord['kind'],
      type: row.type as InspectionRecord['type'],
      inspectedOn: row.inspectedOn,
      status: row.status as InspectionRecord['status'],
      submittedAt: row.submittedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      template: { id: template.id, version: template.version, name: template.name, body: template.body },
      revisions,
      audit: readAudit(ctx.store, row.id).map(auditRecord),
    };
  });
  return {
    agencies: [...agencies.values()],
    inspections,
    blobs: [...blobs.values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1)),
    rows,
  };
}

export function evidenceItem(b: Blob): AppPayload['evidence'][number] {
  return { sha256: b.sha256, mediaType: b.mediaType, base64: b.bytes.toString('base64') };
}
