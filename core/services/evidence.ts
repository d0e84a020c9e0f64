import { AppError } from '../../lib/errors';
import type { OutputOf, ParsedInputOf } from '../contract';
import type { Evidence } from '../contract/evidence';
import { deleteEvidence, getEvidence, getFinding, insertEvidence, listEvidence } from '../../db/repositories/lifecycle';
import type { ServiceContext } from '../context';
import { imageInfo, MAX_PHOTO_PIXELS } from '../evidence/image';
import { readBlob, storeBlob } from '../evidence/store';
import { newId, nowIso } from '../ids';
import { editInspection, requireInspection } from '../records/guard';

export function list(input: ParsedInputOf<'evidence/list'>, ctx: ServiceContext): Evidence[] {
  requireInspection(ctx, input.inspectionId);
  return listEvidence(ctx.store.db, input.inspectionId);
}

export function add(input: ParsedInputOf<'evidence/add'>, ctx: ServiceContext): Evidence {
  const image = Buffer.from(input.imageBase64, 'base64');
  const thumb = Buffer.from(input.thumbBase64, 'base64');
  const info = imageInfo(image);
  if (!info || info.mediaType !== 'image/jpeg') {
    throw new AppError('VALIDATION', '只能添加照片（JPEG 图片）。所选文件不是图片或已损坏，未保存。', 'imageBase64');
  }
  if (info.width * info.height > MAX_PHOTO_PIXELS) {
    throw new AppError(
      'VALIDATION',
      `照片为 ${info.width}×${info.height}，超过 200 万像素。请通过程序添加（程序会自动缩小），未保存。`,
      'imageBase64',
    );
  }
  const thumbInfo = imageInfo(thumb);
  if (!thumbInfo || thumbInfo.mediaType !== 'image/jpeg') {
    throw new AppError('VALIDATION', '缩略图不是有效的 JPEG 图片，未保存。', 'thumbBase64');
  }
  // Files first (content-addressed, idempotent), then the row: a failure between
  // them leaves only an unreferenced file, never a row pointing at nothing.
  const sha256 = storeBlob(ctx.dataDir, image, info.mediaType);
  const thumbSha256 = storeBlob(ctx.dataDir, thumb, thumbInfo.mediaType);
  return editInspection(ctx, input.inspectionId, (row) => {
    if (input.findingId) {
      const finding = getFinding(ctx.store.db, input.findingId);
      if (!finding || finding.inspectionId !== row.id) {
        throw new AppError('VALIDATION', '照片关联的问题不属于这次检查，未保存。', 'findingId');
      }
    }
    const record: Evidence = {
      id: newId(),
      inspectionId: row.id,
      itemNo: input.itemNo,
      findingId: input.findingId,
      sha256,
      thumbSha256,
      mediaType: info.mediaType,
      width: info.width,
      height: info.height,
      bytes: image.length,
      caption: input.caption,
      takenAt: input.takenAt,
    };
    insertEvidence(ctx.store.db, { ...record, createdAt: nowIso() });
    return { result: record, audit: [{ action: 'evidence.add', path: `evidence.${record.id}`, newValue: { ...record } }] };
  });
}

export function image(input: ParsedInputOf<'evidence/image'>, ctx: ServiceContext): OutputOf<'evidence/image'> {
  let blob: ReturnType<typeof readBlob>;
  try {
    blob = readBlob(ctx.dataDir, input.sha256);
  } catch (error) {
    // Changed on disk: said as such, beside the field that asked for it.
    if (error instanceof AppError && error.code === 'INTEGRITY') throw new AppError('INTEGRITY', error.message, 'sha256');
    throw error;
  }
  if (!blob) throw new AppError('NOT_FOUND', '照片文件不在数据目录中（可能被移动或删除）。请从备份恢复 evidence 文件夹。', 'sha256');
  return { mediaType: blob.mediaType, base64: blob.bytes.toString('base64') };
}

export function remove(input: ParsedInputOf<'evidence/remove'>, ctx: ServiceContext): { removed: true } {
  const existing = getEvidence(ctx.store.db, input.id);
  if (!existing) throw new AppError('NOT_FOUND', '要移除的照片不存在，可能已被移除。', 'id');
  return editInspection(ctx, existing.inspectionId, () => {
    // The file stays: a signed revision may still reference the same hash.
    deleteEvidence(ctx.store.db, input.id);
    return { result: { removed: true as const }, audit: [{ action: 'evidence.remove', path: `evidence.${input.id}`, oldValue: existing }] };
  });
}
