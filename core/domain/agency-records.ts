/**
 * What the bureau's registry says of an agency, read the same way by the services that
 * show it, the print of 附件1/附件2 and the bundle that carries it: the agency with its
 * certificates, its 附件2 checklist (counts derived from the rows on every read, so no
 * stored figure can drift from the list it summarises) and its 附件1 review.
 */
import { ATTACHMENT1_ITEMS } from '../../forms/attachment1';
import { certificateStatus } from '../../forms/agency';
import { computePersonnelCounts } from '../../forms/attachment2';
import { getAgency, type AgencyWithCertificates } from '../../db/repositories/agencies';
import type { Db } from '../../db/open';
import { getChecklist, listPersons, type ChecklistRow, type PersonDbRow } from '../../db/repositories/personnel';
import { listSelfCheckItems } from '../../db/repositories/selfcheck';
import { AppError } from '../../lib/errors';
import type { Agency } from '../contract/agencies';
import type { Checklist, Person, Summary } from '../contract/personnel';
import type { SelfCheck, SelfCheckItemOut } from '../contract/selfcheck';
import type { ServiceContext } from '../context';

export function requireAgency(db: Db, agencyId: string): AgencyWithCertificates {
  const agency = getAgency(db, agencyId);
  if (!agency) {
    throw new AppError('NOT_FOUND', '找不到该机构，可能已被删除。请在「机构」中确认后重新选择。', 'agencyId');
  }
  return agency;
}

export function toPerson(r: PersonDbRow): Person {
  return {
    id: r.id,
    seq: r.seq,
    name: r.name,
    certNo: r.certNo,
    // The table's CHECK constraints hold these to 是/否/—.
    practising: r.practising as Person['practising'],
    education: r.education as Person['education'],
    title: r.title as Person['title'],
    note: r.note,
    disclosureCancelled: r.disclosureCancelled,
    qualificationRevoked: r.qualificationRevoked,
    updatedAt: r.updatedAt,
  };
}

export function summaryOf(row: ChecklistRow | undefined): Summary {
  return {
    totalStaff: row?.totalStaff ?? null,
    disclosedCount: row?.disclosedCount ?? null,
    socialInsuranceCount: row?.socialInsuranceCount ?? null,
    meetsRequirements: (row?.meetsRequirements ?? '') as Summary['meetsRequirements'],
    filledBy: row?.filledBy ?? '',
    filledPhone: row?.filledPhone ?? '',
    filledOn: row?.filledOn ?? '',
    resourceRectifiedOn: row?.resourceRectifiedOn ?? '',
    resourceRectifiedNote: row?.resourceRectifiedNote ?? '',
    personnelRectifiedOn: row?.personnelRectifiedOn ?? '',
    personnelRectifiedNote: row?.personnelRectifiedNote ?? '',
    updatedAt: row?.updatedAt ?? null,
  };
}

/** An agency's 附件2 checklist: summary, roster rows and the counts computed from them. */
export function readChecklist(ctx: ServiceContext, agencyId: string): Checklist {
  const { db } = ctx.store;
  const agency = requireAgency(db, agencyId);
  const persons = listPersons(db, agency.id).map(toPerson);
  return {
    agencyId: agency.id,
    agencyName: agency.name,
    creditCode: agency.creditCode,
    summary: summaryOf(getChecklist(db, agency.id)),
    persons,
    counts: computePersonnelCounts(persons),
  };
}

/** An agency's 附件1 review: all 15 items in table order, items never saved coming back blank. */
export function readSelfCheck(ctx: ServiceContext, agencyId: string): SelfCheck {
  const agency = readAgency(ctx, agencyId);
  const stored = new Map(listSelfCheckItems(ctx.store.db, agency.id).map((r) => [r.itemKey, r]));
  const items: SelfCheckItemOut[] = ATTACHMENT1_ITEMS.map((item) => {
    const r = stored.get(item.key);
    return {
      key: item.key,
      problems: r?.problems ?? '',
      corrections: r?.corrections ?? '',
      acceptance: (r?.acceptance ?? '') as SelfCheckItemOut['acceptance'],
      updatedAt: r?.updatedAt ?? null,
    };
  });
  const count = (a: SelfCheckItemOut['acceptance']) => items.filter((i) => i.acceptance === a).length;
  return {
    agency,
    items,
    progress: {
      reviewed: items.filter((i) => i.acceptance !== '').length,
      accepted: count('认可'),
      rejected: count('不认可'),
      pending: count('待核实'),
      total: items.length,
    },
  };
}

export function toAgency(row: AgencyWithCertificates, today: string): Agency {
  return {
    ...row,
    certificates: row.certificates.map((c) => ({
      id: c.id,
      orgName: c.orgName,
      certNo: c.certNo,
      issuer: c.issuer,
      issuedOn: c.issuedOn,
      validUntil: c.validUntil,
      status: certificateStatus(c.validUntil, today),
    })),
  };
}

/** An agency with its certificates' expiry status as of today. */
export function readAgency(ctx: ServiceContext, id: string, path = 'id'): Agency {
  const row = getAgency(ctx.store.db, id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该机构，可能已被删除。请返回机构列表刷新后重试。', path);
  return toAgency(row, ctx.today());
}
