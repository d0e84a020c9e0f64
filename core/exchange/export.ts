/**
 * Export: signed inspections → one signed bundle (or, on request, a records bundle
 * plus evidence-only bundles of at most 20 MB each), written atomically into a folder
 * (a USB stick) or handed back for download, optionally wrapped as .eml drafts.
 *
 * Exporting hands the record over, so inspections still 已签署 are marked 已提交 —
 * in the same transaction that builds the bundle (so the bundle carries the submit
 * entry of the audit log) and, for a folder, writes the files: a failed write leaves
 * the status as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AtomicWriteError, writeFileAtomicSync } from '../../lib/atomic-write';
import { buildBundleEml } from '../../bundle/eml';
import { BUNDLE_FILE_SUFFIX } from '../../bundle/format';
import { formatBytes } from '../../bundle/safe-json';
import { AppError } from '../../lib/errors';
import { BUNDLE_WARN_BYTES, type ExportOutput } from '../contract/bundles';
import type { ParsedInputOf } from '../contract';
import type { ServiceContext } from '../context';
import { submitInspection } from '../records/submit';
import { deviceKey } from '../domain/device-key';
import { safeFileNamePart } from '../../lib/file-name';
import { actorOf, readProfile } from '../domain/actor';
import { requireInspection } from '../records/guard';
import { buildBundleTexts } from './build';
import { collect, describeInspection, notExportable, type Collected } from './collect';

type ExportInput = ParsedInputOf<'bundles/export'>;

export { estimateBytes, packEvidence } from './build';

function defaultStem(ctx: ServiceContext, c: Collected, bundleId: string): string {
  const first = c.rows[0];
  const agencyCount = new Set(c.rows.map((r) => r.agencyId)).size;
  const agency = first ? safeFileNamePart(first.agencyName) + (agencyCount > 1 ? `等${agencyCount}家` : '') : '检查记录';
  const date = c.rows.length === 1 && first ? first.inspectedOn : ctx.today();
  // The tail of a v7 UUID is random; its head is the time, the same for bundles made together.
  return `${agency}_${date}_${bundleId.slice(-8)}`;
}

function stemOf(fileName: string): string {
  const base = fileName.endsWith(BUNDLE_FILE_SUFFIX) ? fileName.slice(0, -BUNDLE_FILE_SUFFIX.length) : fileName.replace(/\.json$/i, '');
  return base;
}

function checkFolder(folder: string): string {
  const resolved = path.resolve(folder);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new AppError('VALIDATION', `文件夹“${folder}”不存在（U 盘可能未插好）。请检查路径后重试。`, 'folder');
  }
  if (!stat.isDirectory()) throw new AppError('VALIDATION', `“${folder}”不是文件夹，请填写要保存到的文件夹。`, 'folder');
  return resolved;
}

function checkFileName(name: string): string {
  if (/[\\/]/.test(name) || name === '.' || name === '..') {
    throw new AppError('VALIDATION', '文件名不能包含路径分隔符（/ 或 \\），请只填写文件名；文件夹请在“文件夹”中填写。', 'fileName');
  }
  return name;
}

interface Built {
  fileName: string;
  bundleId: string;
  kind: 'complete' | 'records' | 'evidence';
  text: string;
}

function buildAll(ctx: ServiceContext, input: ExportInput, c: Collected): Built[] {
  // The file names need the records bundle's id, known once it is built.
  const bundles = buildBundleTexts(ctx, c, input.splitEvidence);
  const recordsId = bundles[0]?.bundleId ?? '';
  const stem = input.fileName ? stemOf(checkFileName(input.fileName)) : defaultStem(ctx, c, recordsId);
  const parts = bundles.length - 1;
  return bundles.map((b) => ({
    fileName: b.kind === 'evidence' ? `${stem}_证据${b.part}-${parts}${BUNDLE_FILE_SUFFIX}` : `${stem}${BUNDLE_FILE_SUFFIX}`,
    bundleId: b.bundleId,
    kind: b.kind,
    text: b.text,
  }));
}

function warningFor(files: { fileName: string; bytes: number }[], split: boolean): string | null {
  const big = files.filter((f) => f.bytes > BUNDLE_WARN_BYTES);
  if (big.length === 0) return null;
  const list = big.map((f) => `“${f.fileName}”（${formatBytes(f.bytes)}）`).join('、');
  if (split) return `${list}超过 20 MB：其中单个证据文件过大，无法再拆分。U 盘拷贝没有问题，电子邮件可能发不出去。`;
  return `${list}超过 20 MB：U 盘拷贝没有问题，但电子邮件通常发不出去。如需邮件发送，请选择「拆分证据」重新导出，照片会分到每个不超过 20 MB 的证据数据包中。`;
}

export function exportBundles(ctx: ServiceContext, input: ExportInput, wrap: { eml: boolean; to?: string } = { eml: false }): ExportOutput {
  const folder = input.folder === undefined ? null : checkFolder(input.folder);
  return ctx.store.transaction((): ExportOutput => {
    // Check every inspection before changing any status.
    const rows = input.inspectionIds.map((id) => requireInspection(ctx, id, 'inspectionIds'));
    const refused = rows.flatMap((r) => {
      const why = notExportable(r);
      return why ? [`${describeInspection(r)}${why}`] : [];
    });
    if (refused.length > 0) throw new AppError('VALIDATION', `只能导出已签署的检查。以下检查不能导出：${refused.join('；')}。`, 'inspectionIds');
    const marked = new Set<string>();
    for (const r of rows) {
      if (r.status === 'signed') {
        submitInspection(ctx, r);
        marked.add(r.id);
      }
    }
    const c = collect(ctx, input.inspectionIds);
    const profile = readProfile(ctx);
    const key = deviceKey(ctx);
    const built = buildAll(ctx, input, c).map((b) => {
      if (!wrap.eml || !profile) return b;
      const eml = buildBundleEml({
        fileName: b.fileName,
        bundleText: b.text,
        inspector: actorOf(profile),
        keyId: key.keyId,
        ...(wrap.to ? { to: [{ address: wrap.to }] } : {}),
      });
      return { ...b, fileName: `${stemOf(b.fileName)}.eml`, text: eml };
    });
    const files = built.map((b) => {
      const bytes = Buffer.byteLength(b.text, 'utf8');
      let written: string | null = null;
      if (folder) {
        written = path.join(folder, b.fileName);
        try {
          writeFileAtomicSync(written, b.text);
        } catch (error) {
          // The transaction rolls the 已提交 marks back; files already written stay complete.
          if (error instanceof AtomicWriteError) throw new AppError('VALIDATION', error.message, 'folder');
          throw error;
        }
      }
      return { fileName: b.fileName, bundleId: b.bundleId, bytes, kind: b.kind, path: written, text: folder ? null : b.text };
    });
    return {
      files,
      inspections: c.rows.map((r) => ({ id: r.id, agencyName: r.agencyName, inspectedOn: r.inspectedOn, markedSubmitted: marked.has(r.id) })),
      totalBytes: files.reduce((s, f) => s + f.bytes, 0),
      warning: warningFor(files, input.splitEvidence),
    };
  });
}
