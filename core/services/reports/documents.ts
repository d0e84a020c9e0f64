/**
 * 报送 and what 市局 does with what it receives: `reports/submit` freezes the live report as a
 * signed report file (bundle/report.ts) and keeps it; `reports/exportSubmitted` hands it back
 * as the file or an .eml draft to 市局特种处; `reports/verify` and `reports/import` check a
 * received file (signature, key, counts) and file it once; `reports/received` puts the
 * received reports side by side with their sum and 市局's own figures from its records.
 */
import { buildEml } from '../../../bundle/eml';
import { signReport, verifyReportText, type SignedReport } from '../../../bundle/report';
import { ATTACHMENT4_CELLS, ATTACHMENT4_KEYS, caption, type Attachment4Counts } from '../../../forms/attachment4';
import { CITY_UNIT, DISTRICTS, isInspectingUnit } from '../../../forms/districts';
import {
  attachment4Counts,
  getReportDocument,
  insertReportDocument,
  listReportDocuments,
  type ReportDocumentRow,
} from '../../../db/repositories/reports';
import { AppError } from '../../../lib/errors';
import type { OutputOf, ParsedInputOf } from '../../contract';
import type { ServiceContext } from '../../context';
import { readProfile } from '../../domain/actor';
import { deviceKey } from '../../domain/device-key';
import { trustOf } from '../../exchange/trust';
import { newId, nowIso } from '../../ids';
import { liveReport, scopeOf } from './figures';
import { outputFileName, reportFileName } from './names';

const REPORT_MIME = 'application/json';

export function submit(input: ParsedInputOf<'reports/submit'>, ctx: ServiceContext): OutputOf<'reports/submit'> {
  const profile = readProfile(ctx);
  if (!profile) throw new AppError('FORBIDDEN', '请先在「设置」中填写本机人员信息（姓名、执法证号、单位），再报送。', 'profile');
  const scope = scopeOf(input);
  return ctx.store.transaction(() => {
    const live = liveReport(ctx, scope, true);
    const key = deviceKey(ctx);
    const submittedAt = nowIso();
    const { text, sha256, report } = signReport(
      {
        reportId: newId(),
        unit: live.unit,
        unitName: live.unitName,
        period: { from: live.from, to: live.to },
        counts: live.counts,
        problemList: live.problemList.map(({ seq, agencyId, unitName, problem, rectification }) => ({ seq, agencyId, unitName, problem, rectification })),
        trace: live.trace ?? {},
        charts: live.charts,
        filledBy: live.filledBy,
        phone: live.phone,
        filledOn: live.filledOn,
        submittedAt,
        submittedBy: { name: profile.name, badgeNo: profile.badgeNo, unit: profile.unit },
      },
      key,
    );
    insertReportDocument(ctx.store.db, {
      id: report.reportId,
      origin: 'own',
      unit: report.unit,
      periodFrom: report.period.from,
      periodTo: report.period.to,
      sha256,
      keyId: key.keyId,
      signedAt: submittedAt,
      document: text,
      storedAt: submittedAt,
    });
    const fileName = reportFileName(live.unitName, scope);
    return {
      reportId: report.reportId,
      sha256,
      submittedAt,
      fileName,
      file: { fileName, mimeType: REPORT_MIME, contentBase64: Buffer.from(text, 'utf8').toString('base64') },
    };
  });
}

export function requireReportDocument(ctx: ServiceContext, reportId: string): ReportDocumentRow {
  const row = getReportDocument(ctx.store.db, reportId);
  if (!row) throw new AppError('NOT_FOUND', '没有这份已报送的报表，请刷新后重试。', 'reportId');
  return row;
}

/** A stored document, read back (it was verified when it was stored; read again it must still verify). */
export function storedReport(row: ReportDocumentRow): SignedReport {
  const checked = verifyReportText(row.document);
  if (!checked.ok || checked.sha256 !== row.sha256) {
    throw new AppError('INTEGRITY', `本机保存的报表（${row.id}）已被改动，不能使用：${checked.ok ? '内容与保存时的哈希不符' : checked.reason}。请从备份恢复数据目录。`, 'reportId');
  }
  return checked.report;
}

export function exportSubmitted(input: ParsedInputOf<'reports/exportSubmitted'>, ctx: ServiceContext): OutputOf<'reports/exportSubmitted'> {
  const row = requireReportDocument(ctx, input.reportId);
  const report = storedReport(row);
  const period = report.period;
  const fileName = reportFileName(report.unitName, period);
  if (input.as === 'file') return { fileName, mimeType: REPORT_MIME, contentBase64: Buffer.from(row.document, 'utf8').toString('base64') };
  const body = [
    '市局特种处：',
    '',
    `附件“${fileName}”是${report.unitName}${period.from} 至 ${period.to}的《特种设备检验检测机构规范化专业化建设年活动情况统计表》（附件4），`,
    `由 ${report.submittedBy.name}（执法证号 ${report.submittedBy.badgeNo}）于 ${report.submittedAt.slice(0, 10)} 在督查台报送并签名，设备密钥编号 ${report.signer.keyId}。`,
    '',
    '请在督查台“报表”页面导入该附件：程序会核对签名，并列出与本机记录不一致的数字。请不要用文本编辑器打开并保存它，改动过的文件会被拒绝。',
    '',
    `填表人：${report.filledBy}\u3000联系电话：${report.phone}`,
  ].join('\n');
  const eml = buildEml({
    subject: `附件4 活动情况统计表：${report.unitName}（${period.from} 至 ${period.to}）`,
    body,
    attachment: { fileName, content: row.document, contentType: REPORT_MIME },
    ...(input.to ? { to: [{ address: input.to, name: '市局特种处' }] } : {}),
  });
  return { fileName: outputFileName(report.unitName, period, 'eml'), mimeType: 'message/rfc822', contentBase64: Buffer.from(eml, 'utf8').toString('base64') };
}

type Checked = { report: SignedReport; sha256: string; trust: 'own' | 'trusted' | 'unknown' };

/** Signature, then the report's content as 附件4 defines it, then who signed it. */
function checkReport(ctx: ServiceContext, text: string): Checked | { reason: string } {
  const verified = verifyReportText(text);
  if (!verified.ok) return { reason: verified.reason };
  const { report } = verified;
  const keys = Object.keys(report.counts).sort();
  const expected = [...ATTACHMENT4_KEYS].sort();
  if (keys.length !== expected.length || keys.some((k, i) => k !== expected[i])) {
    return { reason: '报表的统计项与附件4不一致（可能来自不兼容的版本），不予导入。请报送单位升级督查台后重新报送。' };
  }
  if (!isInspectingUnit(report.unit)) return { reason: `报表的填报单位“${report.unit}”不是本市的区局、临港新片区局或市局，不予导入。` };
  if (report.period.from > report.period.to) return { reason: '报表的统计期间开始日期晚于结束日期，不予导入。' };
  return { report, sha256: verified.sha256, trust: trustOf(ctx, report.signer.keyId, report.signer.publicKey) };
}

function summaryOf(c: Checked) {
  const r = c.report;
  return {
    reportId: r.reportId,
    unit: r.unit,
    unitName: r.unitName,
    from: r.period.from,
    to: r.period.to,
    submittedAt: r.submittedAt,
    submittedBy: r.submittedBy,
    keyId: r.signer.keyId,
    sha256: c.sha256,
    trust: c.trust,
  };
}

export function verify(input: ParsedInputOf<'reports/verify'>, ctx: ServiceContext): OutputOf<'reports/verify'> {
  const checked = checkReport(ctx, input.text);
  return 'reason' in checked ? { ok: false, reason: checked.reason } : { ok: true, report: summaryOf(checked) };
}

function importOne(input: ParsedInputOf<'reports/import'>, ctx: ServiceContext): OutputOf<'reports/import'> {
  const checked = checkReport(ctx, input.text);
  if ('reason' in checked) throw new AppError('INTEGRITY', checked.reason, 'text');
  if (checked.trust === 'unknown') {
    throw new AppError(
      'FORBIDDEN',
      `报表由本机尚未信任的设备密钥（编号 ${checked.report.signer.keyId}）签署，未导入。请先在「数据交换」中核对并信任报送单位的设备（登记申请或其数据包），再导入。`,
      'text',
    );
  }
  const { report, sha256 } = checked;
  return ctx.store.transaction(() => {
    const existing = getReportDocument(ctx.store.db, report.reportId);
    if (existing) {
      if (existing.sha256 !== sha256) {
        throw new AppError('CONFLICT', `已有一份编号相同（${report.reportId}）但内容不同的报表，未导入。请与报送单位核实哪一份是其签署的。`, 'text');
      }
      return { report: summaryOf(checked), duplicate: true };
    }
    insertReportDocument(ctx.store.db, {
      id: report.reportId,
      origin: 'received',
      unit: report.unit,
      periodFrom: report.period.from,
      periodTo: report.period.to,
      sha256,
      keyId: report.signer.keyId,
      signedAt: report.submittedAt,
      // Kept as received: the canonical text the signature covers.
      document: input.text,
      storedAt: nowIso(),
    });
    return { report: summaryOf(checked), duplicate: false };
  });
}
export { importOne as import };

const zero = (): Attachment4Counts => Object.fromEntries(ATTACHMENT4_KEYS.map((k) => [k, 0])) as Attachment4Counts;

export function received(input: ParsedInputOf<'reports/received'>, ctx: ServiceContext): OutputOf<'reports/received'> {
  const { db } = ctx.store;
  const period = { from: input.from, to: input.to };
  // The latest report of each unit for exactly this period.
  const latest = new Map<string, ReportDocumentRow>();
  for (const row of listReportDocuments(db, { ...period, origin: 'received' })) {
    if (!latest.has(row.unit)) latest.set(row.unit, requireReportDocument(ctx, row.id));
  }
  const order = [CITY_UNIT, ...DISTRICTS] as string[];
  const rows = [...latest.values()].sort((a, b) => order.indexOf(a.unit) - order.indexOf(b.unit));
  const sum = zero();
  const reports = [];
  const differences = [];
  for (const row of rows) {
    const report = storedReport(row);
    const counts = report.counts as Attachment4Counts;
    for (const k of ATTACHMENT4_KEYS) sum[k] += counts[k];
    reports.push({
      ...summaryOf({ report, sha256: row.sha256, trust: trustOf(ctx, report.signer.keyId, report.signer.publicKey) }),
      counts,
    });
    if (!isInspectingUnit(report.unit)) continue;
    const computed = attachment4Counts(db, { unit: report.unit, ...period });
    for (const cell of ATTACHMENT4_CELLS) {
      if (computed[cell.key] !== counts[cell.key]) {
        differences.push({ unit: report.unit, key: cell.key, caption: caption(cell), reported: counts[cell.key], computed: computed[cell.key] });
      }
    }
  }
  return { reports, sum, city: attachment4Counts(db, { unit: CITY_UNIT, ...period }), differences };
}

