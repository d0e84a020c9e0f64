/**
 * `reports/export`: 附件4 in the official layout, as XLSX or PDF. Without a reportId it prints
 * the live figures (marked 未报送 on the PDF); with one, the signed report exactly as it was
 * sent — numbers, 清单, charts, 填表人 — with its verification code.
 */
import { attachment4ChartSvgs, buildAttachment4, renderPdf } from '../../../pdf';
import type { Attachment4Counts } from '../../../forms/attachment4';
import { isInspectingUnit } from '../../../forms/districts';
import type { Attachment4Sheet } from '../../../forms/attachment4-sheet';
import { AppError } from '../../../lib/errors';
import type { OutputOf, ParsedInputOf } from '../../contract';
import { XLSX_MIME } from '../../contract/files';
import type { ServiceContext } from '../../context';
import { requireReportDocument, storedReport } from './documents';
import { liveReport, scopeOf } from './figures';
import { outputFileName } from './names';
import { attachment4Xlsx } from './xlsx';

function sheetOf(input: ParsedInputOf<'reports/export'>, ctx: ServiceContext): Attachment4Sheet {
  if (input.reportId === undefined) {
    const live = liveReport(ctx, scopeOf(input), false);
    return { ...live, problemList: live.problemList.map(({ unitName, problem, rectification }) => ({ unitName, problem, rectification })), signed: null };
  }
  const row = requireReportDocument(ctx, input.reportId);
  const r = storedReport(row);
  if (!isInspectingUnit(r.unit)) throw new AppError('INTEGRITY', '该报表的填报单位无法识别，不能打印。', 'reportId');
  return {
    unit: r.unit,
    unitName: r.unitName,
    from: r.period.from,
    to: r.period.to,
    counts: r.counts as Attachment4Counts,
    problemList: r.problemList.map(({ unitName, problem, rectification }) => ({ unitName, problem, rectification })),
    filledBy: r.filledBy,
    phone: r.phone,
    filledOn: r.filledOn,
    signed: { reportId: r.reportId, sha256: row.sha256, submittedAt: r.submittedAt },
    charts: r.charts,
  };
}

export async function exportReport(input: ParsedInputOf<'reports/export'>, ctx: ServiceContext): Promise<OutputOf<'reports/export'>> {
  const sheet = sheetOf(input, ctx);
  const period = { from: sheet.from, to: sheet.to };
  if (input.format === 'xlsx') {
    const bytes = await attachment4Xlsx(sheet);
    return { fileName: outputFileName(sheet.unitName, period, 'xlsx'), mimeType: XLSX_MIME, contentBase64: bytes.toString('base64') };
  }
  const doc = buildAttachment4(sheet, attachment4ChartSvgs(sheet.charts));
  const bytes = await renderPdf(doc.definition);
  return { fileName: outputFileName(sheet.unitName, period, 'pdf'), mimeType: 'application/pdf', contentBase64: Buffer.from(bytes).toString('base64') };
}
