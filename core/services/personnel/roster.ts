/**
 * 附件2 per agency: the summary block, roster rows and computed counts. The
 * counts are derived from the rows on every read (computePersonnelCounts), so
 * no stored figure can drift from the list it summarises.
 */
import type { ParsedInputOf } from '../../contract';
import { AppError } from '../../../lib/errors';
import type { Checklist, Counts, Person } from '../../contract/personnel';
import { computePersonnelCounts, type PersonRow } from '../../../forms/attachment2';
import {
  deletePerson,
  getPerson,
  insertPersons,
  listPersons,
  maxSeq,
  searchPersons,
  updatePerson,
  upsertChecklist,
  type PersonDbRow } from '../../../db/repositories/personnel';
import type { Db } from '../../../db/open';
import type { ServiceContext } from '../../context';
import { newId, nowIso } from '../../ids';
import { readChecklist, requireAgency, toPerson } from '../../domain/agency-records';




export function countsFor(db: Db, agencyId: string): Counts {
  return computePersonnelCounts(listPersons(db, agencyId).map(toPerson));
}


export function get(input: ParsedInputOf<'personnel/get'>, ctx: ServiceContext): Checklist {
  return readChecklist(ctx, input.agencyId);
}

export function saveSummary(input: ParsedInputOf<'personnel/saveSummary'>, ctx: ServiceContext): Checklist {
  const { db } = ctx.store;
  ctx.store.transaction(() => {
    requireAgency(db, input.agencyId);
    const { agencyId, ...fields } = input;
    upsertChecklist(db, { agencyId, ...fields, updatedAt: nowIso() });
  });
  return get({ agencyId: input.agencyId }, ctx);
}

/** A validated row as stored: certNo '' when not recorded. */
export function toDbFields(p: PersonRow): Omit<PersonDbRow, 'id' | 'agencyId' | 'seq' | 'createdAt' | 'updatedAt'> {
  return {
    name: p.name,
    certNo: p.certNo ?? '',
    practising: p.practising,
    education: p.education,
    title: p.title,
    note: p.note,
    disclosureCancelled: p.disclosureCancelled,
    qualificationRevoked: p.qualificationRevoked };
}

/** 证书编号 identifies a person within an agency; a second row with it is a copy-paste slip. */
function assertCertNoFree(db: Db, agencyId: string, certNo: string | undefined, exceptId?: string): void {
  if (certNo === undefined) return;
  const clash = listPersons(db, agencyId).find((p) => p.certNo === certNo && p.id !== exceptId);
  if (clash) {
    throw new AppError(
      'CONFLICT',
      `证书编号 ${certNo} 已登记在清单第 ${clash.seq} 位（${clash.name}）。同一证书不能登记两次，请核对证书编号。`,
      'person.certNo',
    );
  }
}

export function addRow(input: ParsedInputOf<'personnel/addRow'>, ctx: ServiceContext): { person: Person; counts: Counts } {
  const { db } = ctx.store;
  const id = newId();
  ctx.store.transaction(() => {
    requireAgency(db, input.agencyId);
    assertCertNoFree(db, input.agencyId, input.person.certNo);
    const now = nowIso();
    insertPersons(db, [
      { id, agencyId: input.agencyId, seq: maxSeq(db, input.agencyId) + 1, ...toDbFields(input.person), createdAt: now, updatedAt: now },
    ]);
  });
  const row = getPerson(db, id);
  if (!row) throw new AppError('INTERNAL', '人员保存后未能读回，请刷新后重试。');
  return { person: toPerson(row), counts: countsFor(db, input.agencyId) };
}

function requirePerson(db: Db, id: string): PersonDbRow {
  const row = getPerson(db, id);
  if (!row) throw new AppError('NOT_FOUND', '该人员已不在清单中（可能已被删除或重新导入）。请刷新后重试。', 'id');
  return row;
}

export function updateRow(input: ParsedInputOf<'personnel/updateRow'>, ctx: ServiceContext): { person: Person; counts: Counts } {
  const { db } = ctx.store;
  const agencyId = ctx.store.transaction(() => {
    const existing = requirePerson(db, input.id);
    assertCertNoFree(db, existing.agencyId, input.person.certNo, existing.id);
    updatePerson(db, { ...existing, ...toDbFields(input.person), updatedAt: nowIso() });
    return existing.agencyId;
  });
  return { person: toPerson(requirePerson(db, input.id)), counts: countsFor(db, agencyId) };
}

export function deleteRow(input: ParsedInputOf<'personnel/deleteRow'>, ctx: ServiceContext): { counts: Counts } {
  const { db } = ctx.store;
  const agencyId = ctx.store.transaction(() => {
    const existing = requirePerson(db, input.id);
    deletePerson(db, existing);
    return existing.agencyId;
  });
  return { counts: countsFor(db, agencyId) };
}

export function search(
  input: ParsedInputOf<'personnel/search'>,
  ctx: ServiceContext,
): (Person & { agencyId: string; agencyName: string })[] {
  return searchPersons(ctx.store.db, input.query, input.agencyId).map((r) => ({
    ...toPerson(r),
    agencyId: r.agencyId,
    agencyName: r.agencyName }));
}
