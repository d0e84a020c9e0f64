/**
 * The inspections a review list shows: each signed inspection with its latest signed
 * revision and the key that sealed it. Which of them a desk or a laptop lists is decided
 * by that key (core/services/reviews.ts), because the seal, not the profile in `signed_by`,
 * says which installation signed the revision.
 */
import { and, asc, eq, gt, inArray, isNull, not, or, sql, type SQL } from 'drizzle-orm';
import type { District } from '../../forms/districts';
import type { Db } from '../open';
import { agencies, inspections, revisions } from '../schema';

export interface ReviewableRow {
  inspectionId: string;
  agencyName: string;
  district: string;
  inspectedOn: string;
  revision: number;
  revisionSha256: string;
  signedAt: string;
  /** The inspectors named on the record (JSON array of { name, badgeNo }). */
  inspectors: string;
  /** Key id in the revision's seal; null for a revision signed before seals existed. */
  sealKeyId: string | null;
}

const sealKeyId = sql<string | null>`json_extract(${revisions.seal}, '$.keyId')`;

/** Each inspection joined to its latest revision and its agency, for the two readers below. */
function latestRevisions(db: Db) {
  return db
    .select({
      inspectionId: inspections.id,
      agencyName: agencies.name,
      district: agencies.district,
      inspectedOn: inspections.inspectedOn,
      revision: revisions.number,
      revisionSha256: revisions.sha256,
      signedAt: revisions.signedAt,
      inspectors: inspections.inspectors,
      sealKeyId,
    })
    .from(inspections)
    .innerJoin(revisions, and(eq(revisions.inspectionId, inspections.id), eq(revisions.number, inspections.revision)))
    .innerJoin(agencies, eq(agencies.id, inspections.agencyId));
}

/**
 * Signed inspections whose latest revision was sealed by one of `keyIds` (`signedBy: 'these'`)
 * or by none of them (`'others'`), oldest signature first. An unsealed revision counts as
 * this installation's own: only revisions signed here before seals existed lack one, and
 * an import refuses revisions without a seal.
 */
export function reviewableInspections(
  db: Db,
  filter: { keyIds: readonly string[]; signedBy: 'these' | 'others'; district?: District },
): ReviewableRow[] {
  const ids = [...filter.keyIds];
  const sealedByThese: SQL = ids.length > 0 ? (or(isNull(revisions.seal), inArray(sealKeyId, ids)) as SQL) : isNull(revisions.seal);
  const conditions: SQL[] = [gt(inspections.revision, 0), filter.signedBy === 'these' ? sealedByThese : not(sealedByThese)];
  // A district desk reviews only its own district's agencies.
  if (filter.district !== undefined) conditions.push(eq(agencies.district, filter.district));
  return latestRevisions(db)
    .where(and(...conditions))
    .orderBy(asc(revisions.signedAt), asc(inspections.id))
    .all();
}

/** The latest signed revision of one inspection with its seal's key id; undefined while never signed or unknown. */
export function latestSignedRevision(db: Db, inspectionId: string): ReviewableRow | undefined {
  return latestRevisions(db)
    .where(and(eq(inspections.id, inspectionId), gt(inspections.revision, 0)))
    .get();
}
