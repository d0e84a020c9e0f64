import { asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../open';
import { perConnection } from '../statements';
import { agencies, certificates } from '../schema';

export type AgencyRow = typeof agencies.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;
export type AgencyWithCertificates = AgencyRow & { certificates: CertificateRow[] };

/** Substring match with LIKE wildcards escaped, so a search for "50%" finds the text "50%". */
function contains(column: AnySQLiteColumn, query: string): SQL {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

export function listAgencies(db: Db, query?: string): AgencyWithCertificates[] {
  const q = query?.trim();
  const rows = db
    .select()
    .from(agencies)
    .where(
      q
        ? or(contains(agencies.name, q), contains(agencies.creditCode, q.toUpperCase()))
        : undefined,
    )
    .orderBy(asc(agencies.district), asc(agencies.name))
    .all();
  return attachCertificates(db, rows);
}

const one = perConnection((db: Db) => ({
  agency: db.select().from(agencies).where(eq(agencies.id, sql.placeholder('id'))).prepare(),
  certificates: db
    .select()
    .from(certificates)
    .where(eq(certificates.agencyId, sql.placeholder('id')))
    .orderBy(asc(certificates.validUntil))
    .prepare(),
}));

export function getAgency(db: Db, id: string): AgencyWithCertificates | undefined {
  const q = one(db);
  const row = q.agency.get({ id });
  return row ? { ...row, certificates: q.certificates.all({ id }) } : undefined;
}

export function findAgencyByCreditCode(db: Db, creditCode: string): AgencyRow | undefined {
  return db.select().from(agencies).where(eq(agencies.creditCode, creditCode)).get();
}

function attachCertificates(db: Db, rows: AgencyRow[]): AgencyWithCertificates[] {
  if (rows.length === 0) return [];
  const certs = db
    .select()
    .from(certificates)
    .where(
      inArray(
        certificates.agencyId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(certificates.validUntil))
    .all();
  const byAgency = new Map<string, CertificateRow[]>();
  for (const c of certs) {
    const list = byAgency.get(c.agencyId) ?? [];
    list.push(c);
    byAgency.set(c.agencyId, list);
  }
  return rows.map((r) => ({ ...r, certificates: byAgency.get(r.id) ?? [] }));
}

export function insertAgency(db: Db, row: AgencyRow): void {
  db.insert(agencies).values(row).run();
}

export function updateAgency(db: Db, row: AgencyRow): void {
  const { id, createdAt: _createdAt, ...rest } = row;
  db.update(agencies).set(rest).where(eq(agencies.id, id)).run();
}

/** Replaces an agency's certificates with the given set (ids kept where supplied). */
export function replaceCertificates(db: Db, agencyId: string, rows: CertificateRow[]): void {
  db.delete(certificates).where(eq(certificates.agencyId, agencyId)).run();
  if (rows.length > 0) db.insert(certificates).values(rows).run();
}
