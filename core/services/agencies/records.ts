import type { Agency } from '../../contract/agencies';
import { AppError } from '../../../lib/errors';
import type { ParsedInputOf } from '../../contract';
import {
  findAgencyByCreditCode,
  getAgency,
  insertAgency,
  listAgencies,
  replaceCertificates,
  updateAgency } from '../../../db/repositories/agencies';
import type { ServiceContext } from '../../context';
import { newId, nowIso } from '../../ids';
import { readAgency, toAgency } from '../../domain/agency-records';


export function get(input: ParsedInputOf<'agencies/get'>, ctx: ServiceContext): Agency {
  return readAgency(ctx, input.id);
}

export function list(input: ParsedInputOf<'agencies/list'>, ctx: ServiceContext): Agency[] {
  const today = ctx.today();
  return listAgencies(ctx.store.db, input.query).map((r) => toAgency(r, today));
}


export function save(input: ParsedInputOf<'agencies/save'>, ctx: ServiceContext): Agency {
  const { db } = ctx.store;
  const now = nowIso();
  const id = ctx.store.transaction(() => {
    const existing = input.id ? getAgency(db, input.id) : undefined;
    if (input.id && !existing) {
      throw new AppError('NOT_FOUND', '要修改的机构不存在，可能已被删除。请刷新后重试。', 'id');
    }
    const sameCode = findAgencyByCreditCode(db, input.creditCode);
    if (sameCode && sameCode.id !== input.id) {
      throw new AppError(
        'CONFLICT',
        `统一社会信用代码 ${input.creditCode} 已登记为「${sameCode.name}」，同一代码不能重复登记。请检查代码或直接修改已有机构。`,
        'creditCode',
      );
    }
    const { certificates, id: _id, ...fields } = input;
    const agencyId = existing?.id ?? newId();
    const row = { ...fields, id: agencyId, createdAt: existing?.createdAt ?? now, updatedAt: now };
    if (existing) updateAgency(db, row);
    else insertAgency(db, row);
    const previous = new Map(existing?.certificates.map((c) => [c.certNo, c]) ?? []);
    replaceCertificates(
      db,
      agencyId,
      certificates.map((c) => {
        const kept = previous.get(c.certNo);
        return {
          id: kept?.id ?? newId(),
          agencyId,
          orgName: c.orgName,
          certNo: c.certNo,
          issuer: c.issuer,
          issuedOn: c.issuedOn,
          validUntil: c.validUntil,
          createdAt: kept?.createdAt ?? now,
          updatedAt: now };
      }),
    );
    return agencyId;
  });
  return get({ id }, ctx);
}
