/**
 * From records to printable models (pdf/model.ts) and PDFs. A signed inspection
 * is printed from its frozen revision — the canonical snapshot — never from the
 * working copy, so the paper shows exactly what the printed hash covers. Drafts
 * print their working copy with revision 0 and the hash of that working copy.
 * The agency forms (附件1, 附件2) print the agency's current records, hashed the
 * same way so `pdf verify` can recompute them.
 */
import { canonicalSha256, sha256Hex } from '../../bundle/canonical';
import { computeTotals, type ItemScore } from '../../forms/scoring';
import {
  buildAttachment1,
  buildAttachment2,
  buildAttachment3,
  buildNotice,
  readVerificationCode,
  renderPdf,
  type PdfDocument,
  type PrintFrame,
  type PrintRecord,
  type PrintSignature,
} from '../../pdf';
import { getAgency } from '../../db/repositories/agencies';
import { getInspection } from '../../db/repositories/inspections';
import { getRevision } from '../../db/repositories/lifecycle';
import { AppError } from '../../lib/errors';
import type { OutputOf, ParsedInputOf } from '../contract';
import { PDF_FORM_LABELS, type PdfForm } from '../contract/pdf';
import type { ServiceContext } from '../context';
import { readBlob } from '../evidence/store';
import { requireInspection } from '../records/guard';
import { revisionProblem } from '../records/verify-record';
import { buildSnapshot, sealSnapshot, type Snapshot } from '../records/snapshot';
import { readProfile } from '../domain/actor';
import { readChecklist, readSelfCheck } from '../domain/agency-records';
import { inspectionTemplate } from '../domain/templates';


const ROLE_LABELS: Record<string, string> = { inspector: '检查人员', agency: '受检单位代表' };
const DRAFT_SIGNER = { name: '', badgeNo: '', unit: '' };

/** The snapshot a document of this inspection prints, and the record it names. */
export function printableSnapshot(ctx: ServiceContext, inspectionId: string, revision?: number): { snapshot: Snapshot; record: PrintRecord } {
  const row = requireInspection(ctx, inspectionId);
  const number = revision ?? (row.status === 'signed' || row.status === 'submitted' ? row.revision : 0);
  if (number > 0) {
    const stored = getRevision(ctx.store.db, row.id, number);
    if (!stored) throw new AppError('NOT_FOUND', `该检查没有第 ${number} 版。`, 'revision');
    // Never print a verification code for a revision this machine cannot vouch for.
    const problem = revisionProblem(ctx, stored);
    if (problem) throw new AppError('INTEGRITY', `该检查记录在本机数据库中被改动过（${problem}），不能打印。请从备份恢复数据目录。`, 'revision');
    return {
      snapshot: JSON.parse(stored.canonical) as Snapshot,
      record: { recordId: row.id, revision: number, sha256: stored.sha256, amended: number > 1 },
    };
  }
  const previous = row.revision > 0 ? getRevision(ctx.store.db, row.id, row.revision) : undefined;
  const snapshot = buildSnapshot(ctx, row.id, {
    revision: 0,
    parentSha256: previous?.sha256 ?? null,
    reason: row.amendmentReason,
    signedAt: '',
    signedBy: DRAFT_SIGNER,
  });
  return { snapshot, record: { recordId: row.id, revision: 0, sha256: sealSnapshot(snapshot).sha256, amended: row.revision > 0 } };
}

/**
 * A signature image as the paper shows it. The store refuses a file whose bytes no
 * longer hash to its name (another signature swapped in on disk, say): printing it
 * would put someone else's signature under a verification code that still checks.
 */
function signatureImage(ctx: ServiceContext, s: Snapshot['signatures'][number]): ReturnType<typeof readBlob> {
  try {
    return readBlob(ctx.dataDir, s.imageSha256);
  } catch (error) {
    if (error instanceof AppError && error.code === 'INTEGRITY') {
      throw new AppError('INTEGRITY', `${s.signerName}的签名图片无法使用：${error.message}`, 'inspectionId');
    }
    throw error;
  }
}

function signatureImages(ctx: ServiceContext, snapshot: Snapshot): PrintSignature[] {
  return snapshot.signatures.map((s) => {
    const blob = signatureImage(ctx, s);
    return {
      name: s.signerName,
      role: ROLE_LABELS[s.role] ?? s.role,
      signedAt: s.signedAt,
      ...(blob ? { image: `data:${blob.mediaType};base64,${blob.bytes.toString('base64')}` } : {}),
    };
  });
}

function frameOf(ctx: ServiceContext, snapshot: Snapshot, record: PrintRecord): PrintFrame {
  if (!snapshot.agency) throw new AppError('NOT_FOUND', '检查记录缺少被检查机构信息，无法打印。', 'agencyId');
  const unit = snapshot.signedBy.unit || readProfile(ctx)?.unit;
  if (!unit) throw new AppError('VALIDATION', '请先在「设置」中填写检查人员所在单位（印章上的单位名称），再打印。', 'profile.unit');
  return {
    record,
    agency: { name: snapshot.agency.name, creditCode: snapshot.agency.creditCode, address: snapshot.agency.address },
    inspection: {
      date: snapshot.inspection.inspectedOn,
      type: snapshot.inspection.type,
      inspectors: snapshot.inspection.inspectors as { name: string; badgeNo: string }[],
      unitName: unit,
    },
  };
}

/** Hash of an agency form's content, the "revision 0" of 附件1 / 附件2 prints. */
function agencyRecord(agencyId: string, content: unknown): PrintRecord {
  return { recordId: agencyId, revision: 0, sha256: canonicalSha256(content), amended: false };
}

function personnelContent(ctx: ServiceContext, agencyId: string) {
  const c = readChecklist(ctx, agencyId);
  return {
    form: 'attachment2',
    summary: { ...c.summary, updatedAt: null },
    persons: c.persons.map(({ updatedAt: _u, id: _id, ...p }) => p),
  };
}

function selfCheckContent(ctx: ServiceContext, agencyId: string) {
  const s = readSelfCheck(ctx, agencyId);
  return { form: 'attachment1', items: s.items.map(({ updatedAt: _u, ...i }) => i) };
}

export function buildDocument(ctx: ServiceContext, inspectionId: string, form: PdfForm, revision?: number): PdfDocument {
  const { snapshot, record } = printableSnapshot(ctx, inspectionId, revision);
  const frame = frameOf(ctx, snapshot, record);
  const signatures = signatureImages(ctx, snapshot);
  const agencyId = snapshot.agency?.id ?? '';
  switch (form) {
    case 'attachment3': {
      if (snapshot.inspection.kind !== 'agency') {
        throw new AppError('VALIDATION', '考试机构的检查不使用附件3监督检查表，无法打印附件3。', 'form');
      }
      const template = inspectionTemplate(ctx, snapshot.inspection);
      const items: ItemScore[] = snapshot.items.map((i) => ({
        no: i.no,
        clauses: i.clauses,
        score: i.score,
        notApplicable: i.notApplicable,
        problem: i.problem,
        remark: i.remark,
      }));
      return buildAttachment3({
        ...frame,
        items: snapshot.items.map((i) => ({ no: i.no, score: i.score, notApplicable: i.notApplicable, problem: i.problem, remark: i.remark, clauses: i.clauses })),
        totals: computeTotals(template, items),
        templateVersion: `${template.name} ${template.version}`,
        signatures,
      });
    }
    case 'notice':
      return buildNotice({
        ...frame,
        findings: snapshot.findings
          .filter((f) => !f.closedOn)
          .map((f) => ({
            ...(f.itemNo ? { itemNo: f.itemNo } : {}),
            severity: f.severity as '一般问题' | '违法违规行为' | '严重事故隐患',
            description: f.description,
            deadline: f.dueOn ?? '',
          })),
        signatures,
      });
    case 'attachment2': {
      const c = readChecklist(ctx, agencyId);
      return buildAttachment2({
        ...frame,
        record: agencyRecord(agencyId, personnelContent(ctx, agencyId)),
        summary: {
          totalStaff: c.summary.totalStaff,
          disclosedCount: c.summary.disclosedCount,
          socialInsuranceCount: c.summary.socialInsuranceCount,
          meetsRequirements: c.summary.meetsRequirements === '' ? null : c.summary.meetsRequirements,
        },
        counts: c.counts,
        rows: c.persons.map((p) => ({
          name: p.name,
          ...(p.certNo ? { certNo: p.certNo } : {}),
          practising: p.practising,
          education: p.education,
          title: p.title,
          note: p.note,
          disclosureCancelled: p.disclosureCancelled,
          qualificationRevoked: p.qualificationRevoked,
        })),
        filledBy: c.summary.filledBy,
        phone: c.summary.filledPhone,
        filledOn: c.summary.filledOn,
        signatures: [],
      });
    }
    case 'attachment1': {
      const s = readSelfCheck(ctx, agencyId);
      return buildAttachment1({
        ...frame,
        record: agencyRecord(agencyId, selfCheckContent(ctx, agencyId)),
        basicInfo: {
          name: s.agency.name,
          address: s.agency.address,
          creditCode: s.agency.creditCode,
          legalRep: s.agency.legalRep,
          legalRepPhone: s.agency.legalRepPhone,
          contact: s.agency.contact,
          contactPhone: s.agency.contactPhone,
        },
        certificates: s.agency.certificates.map(({ orgName, certNo, issuer, issuedOn, validUntil }) => ({ orgName, certNo, issuer, issuedOn, validUntil })),
        items: s.items.map((i) => ({ key: i.key, problems: i.problems, corrections: i.corrections, acceptance: i.acceptance === '' ? null : i.acceptance })),
        signatures: [],
      });
    }
  }
}

export function pdfFileName(ctx: ServiceContext, inspectionId: string, form: PdfForm): string {
  const row = getInspection(ctx.store.db, inspectionId);
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${safe(row?.agencyName ?? '检查')}_${PDF_FORM_LABELS[form].split(' ')[0]}_${row?.inspectedOn ?? ''}.pdf`;
}

export async function render(input: ParsedInputOf<'pdf/render'>, ctx: ServiceContext): Promise<OutputOf<'pdf/render'>> {
  const doc = buildDocument(ctx, input.inspectionId, input.form, input.revision ?? undefined);
  const bytes = await renderPdf(doc.definition);
  return {
    fileName: pdfFileName(ctx, input.inspectionId, input.form),
    base64: bytes.toString('base64'),
    missingGlyphs: doc.missingGlyphs.map((g) => g.char),
  };
}

export type VerifyOutcome = OutputOf<'pdf/verify'>;

/** Why a signature image of this snapshot cannot be trusted on this machine, or null. */
function changedSignatureImage(ctx: ServiceContext, snapshot: Snapshot): string | null {
  try {
    for (const s of snapshot.signatures) signatureImage(ctx, s);
    return null;
  } catch (error) {
    if (error instanceof AppError && error.code === 'INTEGRITY') return error.message;
    throw error;
  }
}

/** Reads the code a PDF carries and recomputes the hash of that record from the database. */
export function verifyPdfBytes(ctx: ServiceContext, bytes: Buffer): VerifyOutcome {
  const code = readVerificationCode(bytes);
  if (!code) {
    return { ok: false, reason: '文件中没有找到督查台校验码（不是督查台生成的 PDF，或文件已被重新保存/损坏）。' };
  }
  const { recordId, revision, sha256 } = code;
  const inspection = getInspection(ctx.store.db, recordId);
  if (inspection) {
    const label = `「${inspection.agencyName}」${inspection.inspectedOn} 的检查记录`;
    if (revision > 0) {
      const stored = getRevision(ctx.store.db, recordId, revision);
      if (!stored) return { ok: false, recordId, revision, reason: `本机数据库中没有${label}的第 ${revision} 版。` };
      const recomputed = sha256Hex(stored.canonical);
      if (recomputed !== stored.sha256) {
        return { ok: false, recordId, revision, reason: `${label}第 ${revision} 版在数据库中已被改动（内容与签署时的哈希不符）。` };
      }
      if (recomputed !== sha256) return { ok: false, recordId, revision, reason: `打印件与${label}第 ${revision} 版不一致（哈希不符）。` };
      // A hash that holds proves nothing if revision and hash were rewritten together:
      // the device's seal over it does.
      const sealed = revisionProblem(ctx, stored);
      if (sealed) return { ok: false, recordId, revision, reason: `${label}在数据库中已被改动：${sealed}。` };
      // The code covers the record, not the pictures printed beside it: the signature
      // images this version names must still be the ones signed.
      const changed = changedSignatureImage(ctx, JSON.parse(stored.canonical) as Snapshot);
      if (changed) return { ok: false, recordId, revision, reason: `${label}第 ${revision} 版与打印件一致，但${changed}` };
      return { ok: true, recordId, revision, record: `${label}第 ${revision} 版（已签署）` };
    }
    const current = printableSnapshot(ctx, recordId, 0).record.sha256;
    return current === sha256
      ? { ok: true, recordId, revision, record: `${label}（草稿，与当前工作副本一致）` }
      : { ok: false, recordId, revision, reason: `打印件是${label}的草稿，与当前工作副本不一致（打印后又有修改）。` };
  }
  const agency = getAgency(ctx.store.db, recordId);
  if (agency) {
    const forms: [string, unknown][] = [
      ['附件2 人员条件自查情况统计表', personnelContent(ctx, recordId)],
      ['附件1 自查自纠对照表', selfCheckContent(ctx, recordId)],
    ];
    const match = forms.find(([, content]) => canonicalSha256(content) === sha256);
    return match
      ? { ok: true, recordId, revision, record: `「${agency.name}」的${match[0]}（与当前记录一致）` }
      : { ok: false, recordId, revision, reason: `打印件与「${agency.name}」当前的附件1/附件2 记录不一致（打印后又有修改）。` };
  }
  return { ok: false, recordId, revision, reason: `本机数据库中没有编号为 ${recordId} 的记录。` };
}

export function verify(input: ParsedInputOf<'pdf/verify'>, ctx: ServiceContext): VerifyOutcome {
  return verifyPdfBytes(ctx, Buffer.from(input.base64, 'base64'));
}
