import { AppError } from '../../lib/errors';
import type { ParsedInputOf } from '../contract';
import type { Signature } from '../contract/signatures';
import { deleteSignature, getSignature, insertSignature, listSignatures } from '../../db/repositories/lifecycle';
import type { ServiceContext } from '../context';
import { imageInfo } from '../evidence/image';
import { storeBlob } from '../evidence/store';
import { newId, nowIso } from '../ids';
import { editInspection, requireInspection } from '../records/guard';

const toSignature = (r: ReturnType<typeof listSignatures>[number]): Signature => ({ ...r, role: r.role as Signature['role'] });

export function list(input: ParsedInputOf<'signatures/list'>, ctx: ServiceContext): Signature[] {
  requireInspection(ctx, input.inspectionId);
  return listSignatures(ctx.store.db, input.inspectionId).map(toSignature);
}

export function add(input: ParsedInputOf<'signatures/add'>, ctx: ServiceContext): Signature {
  const png = Buffer.from(input.pngBase64, 'base64');
  const info = imageInfo(png);
  if (!info || info.mediaType !== 'image/png') {
    throw new AppError('VALIDATION', '签名图片无效（应为 PNG）。请重新签名。', 'pngBase64');
  }
  const imageSha256 = storeBlob(ctx.dataDir, png, 'image/png');
  return editInspection(ctx, input.inspectionId, (row) => {
    const same = listSignatures(ctx.store.db, row.id).find((s) => s.role === input.role && s.signerName === input.signerName);
    if (same) {
      throw new AppError('CONFLICT', `${input.signerName} 已经签过名。如需重签，请先删除原签名。`, 'signerName');
    }
    const record: Signature = {
      id: newId(),
      inspectionId: row.id,
      role: input.role,
      signerName: input.signerName,
      signerDetail: input.signerDetail,
      imageSha256,
      signedAt: nowIso(),
    };
    insertSignature(ctx.store.db, record);
    return { result: record, audit: [{ action: 'signature.add', path: `signatures.${record.id}`, newValue: { ...record } }] };
  });
}

export function remove(input: ParsedInputOf<'signatures/remove'>, ctx: ServiceContext): { removed: true } {
  const existing = getSignature(ctx.store.db, input.id);
  if (!existing) throw new AppError('NOT_FOUND', '要删除的签名不存在。', 'id');
  return editInspection(ctx, existing.inspectionId, () => {
    deleteSignature(ctx.store.db, input.id);
    return { result: { removed: true as const }, audit: [{ action: 'signature.remove', path: `signatures.${input.id}`, oldValue: existing }] };
  });
}
