/**
 * The SQL of the import path, prepared once per connection. Building and preparing
 * a query anew for every row cost several times the write itself (bench/bundle-import.ts),
 * and a bureau imports bundles by the hundred. Named parameters bind from plain objects;
 * booleans are bound as 0/1, as drizzle stores them.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../open';
import { perConnection } from '../statements';

/**
 * An INSERT of many rows per statement: a chain of audit entries or a sheet of item
 * rows arrives by the dozen, and each statement call costs more than its row (about a
 * quarter less time per row, measured on the item rows of bench/bundle-import.ts).
 */
export interface RowsInsert {
  /** `rowsPerInsert` rows of positional values per call. */
  many: Database.Statement;
  /** One row. */
  one: Database.Statement;
  rowsPerInsert: number;
}

function rowsInsert(sqlite: Database.Database, table: string, columns: readonly string[], rowsPerInsert: number): RowsInsert {
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES`;
  const row = `(${columns.map(() => '?').join(',')})`;
  return {
    many: sqlite.prepare(`${head} ${Array.from({ length: rowsPerInsert }, () => row).join(',')}`),
    one: sqlite.prepare(`${head} ${row}`),
    rowsPerInsert,
  };
}

/** Writes the rows (each its values in the statement's column order): whole groups through `many`, the rest one by one. */
export function insertRows(insert: RowsInsert, rows: readonly (readonly unknown[])[]): void {
  const n = insert.rowsPerInsert;
  let i = 0;
  for (; i + n <= rows.length; i += n) insert.many.run(rows.slice(i, i + n).flat());
  for (; i < rows.length; i++) insert.one.run(rows[i] as unknown[]);
}

const AUDIT_COLUMNS = ['inspection_id', 'seq', 'actor', 'at', 'action', 'path', 'old_value', 'new_value', 'prev_hash', 'hash'] as const;
const ITEM_COLUMNS = ['inspection_id', 'item_no', 'clauses', 'score', 'not_applicable', 'problem', 'remark', 'updated_at'] as const;

function build(sqlite: Database.Database) {
  const p = (sql: string) => sqlite.prepare(sql);
  return {
    importedBy: p(
      "SELECT payload_sha256 AS payloadSha256, received_at AS receivedAt, file_name AS fileName FROM bundle_imports WHERE bundle_id = ? AND outcome = 'imported' LIMIT 1",
    ),
    insertLog: p(
      'INSERT INTO bundle_imports (id, bundle_id, payload_sha256, key_id, file_name, received_at, outcome, reason, counts) VALUES (@id, @bundleId, @payloadSha256, @keyId, @fileName, @receivedAt, @outcome, @reason, @counts)',
    ),
    quarantineStatus: p('SELECT status FROM quarantine WHERE bundle_id = ?'),
    trustedPublicKey: p('SELECT public_key AS publicKey FROM trusted_keys WHERE key_id = ?'),

    agencyByCode: p('SELECT id, name FROM agencies WHERE credit_code = ?'),
    agencyById: p('SELECT id, name, updated_at AS updatedAt FROM agencies WHERE id = ?'),
    insertAgency: p(
      'INSERT INTO agencies (id, name, address, credit_code, legal_rep, legal_rep_phone, contact, contact_phone, district, kind, created_at, updated_at) VALUES (@id, @name, @address, @creditCode, @legalRep, @legalRepPhone, @contact, @contactPhone, @district, @kind, @createdAt, @updatedAt)',
    ),
    updateAgency: p(
      'UPDATE agencies SET name = @name, address = @address, credit_code = @creditCode, legal_rep = @legalRep, legal_rep_phone = @legalRepPhone, contact = @contact, contact_phone = @contactPhone, district = @district, kind = @kind, updated_at = @updatedAt WHERE id = @id',
    ),
    deleteCertificates: p('DELETE FROM certificates WHERE agency_id = ?'),
    insertCertificate: p(
      'INSERT INTO certificates (id, agency_id, org_name, cert_no, issuer, issued_on, valid_until, created_at, updated_at) VALUES (@id, @agencyId, @orgName, @certNo, @issuer, @issuedOn, @validUntil, @createdAt, @updatedAt)',
    ),
    checklistUpdatedAt: p('SELECT updated_at AS updatedAt FROM personnel_checklists WHERE agency_id = ?'),
    upsertChecklist: p(
      `INSERT INTO personnel_checklists (agency_id, total_staff, disclosed_count, social_insurance_count, meets_requirements, filled_by, filled_phone, filled_on,
         resource_rectified_on, resource_rectified_note, personnel_rectified_on, personnel_rectified_note, updated_at)
       VALUES (@agencyId, @totalStaff, @disclosedCount, @socialInsuranceCount, @meetsRequirements, @filledBy, @filledPhone, @filledOn,
         @resourceRectifiedOn, @resourceRectifiedNote, @personnelRectifiedOn, @personnelRectifiedNote, @updatedAt)
       ON CONFLICT(agency_id) DO UPDATE SET total_staff = excluded.total_staff, disclosed_count = excluded.disclosed_count,
         social_insurance_count = excluded.social_insurance_count, meets_requirements = excluded.meets_requirements, filled_by = excluded.filled_by,
         filled_phone = excluded.filled_phone, filled_on = excluded.filled_on, resource_rectified_on = excluded.resource_rectified_on,
         resource_rectified_note = excluded.resource_rectified_note, personnel_rectified_on = excluded.personnel_rectified_on,
         personnel_rectified_note = excluded.personnel_rectified_note, updated_at = excluded.updated_at`,
    ),
    personsLatest: p('SELECT count(*) AS n, max(updated_at) AS latest FROM personnel WHERE agency_id = ?'),
    deletePersons: p('DELETE FROM personnel WHERE agency_id = ?'),
    insertPerson: p(
      `INSERT INTO personnel (id, agency_id, seq, name, cert_no, practising, education, title, note, disclosure_cancelled, qualification_revoked, created_at, updated_at)
       VALUES (@id, @agencyId, @seq, @name, @certNo, @practising, @education, @title, @note, @disclosureCancelled, @qualificationRevoked, @createdAt, @updatedAt)`,
    ),
    selfCheckTimes: p('SELECT item_key AS itemKey, updated_at AS updatedAt FROM self_check_items WHERE agency_id = ?'),
    upsertSelfCheck: p(
      `INSERT INTO self_check_items (agency_id, item_key, problems, corrections, acceptance, updated_at) VALUES (@agencyId, @itemKey, @problems, @corrections, @acceptance, @updatedAt)
       ON CONFLICT(agency_id, item_key) DO UPDATE SET problems = excluded.problems, corrections = excluded.corrections, acceptance = excluded.acceptance, updated_at = excluded.updated_at`,
    ),

    templateBody: p('SELECT body FROM scoring_templates WHERE id = ? AND version = ?'),
    insertTemplate: p('INSERT OR IGNORE INTO scoring_templates (id, version, name, body, created_at) VALUES (?, ?, ?, ?, ?)'),

    inspectionById: p('SELECT agency_id AS agencyId, status FROM inspections WHERE id = ?'),
    insertInspection: p(
      `INSERT INTO inspections (id, agency_id, kind, type, inspected_on, status, inspectors, spot_check, template_id, template_version, inspecting_unit, revision, amendment_reason, submitted_at, created_at, updated_at)
       VALUES (@id, @agencyId, @kind, @type, @inspectedOn, @status, @inspectors, @spotCheck, @templateId, @templateVersion, @inspectingUnit, @revision, @amendmentReason, @submittedAt, @createdAt, @updatedAt)`,
    ),
    updateInspection: p(
      `UPDATE inspections SET agency_id = @agencyId, kind = @kind, type = @type, inspected_on = @inspectedOn, status = @status, inspectors = @inspectors,
         spot_check = @spotCheck, template_id = @templateId, template_version = @templateVersion, inspecting_unit = @inspectingUnit, revision = @revision, amendment_reason = @amendmentReason,
         submitted_at = @submittedAt, updated_at = @updatedAt WHERE id = @id`,
    ),
    markSubmitted: p("UPDATE inspections SET status = 'submitted', submitted_at = ?, updated_at = ? WHERE id = ?"),
    revisionsOf: p('SELECT number, sha256, parent_sha256 AS parentSha256 FROM revisions WHERE inspection_id = ? ORDER BY number'),
    insertRevision: p(
      'INSERT INTO revisions (inspection_id, number, sha256, parent_sha256, canonical, reason, signed_at, signed_by, seal) VALUES (@inspectionId, @number, @sha256, @parentSha256, @canonical, @reason, @signedAt, @signedBy, @seal)',
    ),

    deleteItems: p('DELETE FROM inspection_items WHERE inspection_id = ?'),
    deleteEvidence: p('DELETE FROM evidence WHERE inspection_id = ?'),
    deleteSignatures: p('DELETE FROM signatures WHERE inspection_id = ?'),
    deleteFindings: p('DELETE FROM findings WHERE inspection_id = ?'),
    /** Rows in ITEM_COLUMNS order; 附件3's 42 items are two statements. */
    insertItems: rowsInsert(sqlite, 'inspection_items', ITEM_COLUMNS, 21),
    insertFinding: p(
      `INSERT INTO findings (id, inspection_id, item_no, description, severity, notified_on, reported_on, directive_no, directive_on, case_no, due_on, rectification, closed_on, created_at, updated_at)
       VALUES (@id, @inspectionId, @itemNo, @description, @severity, @notifiedOn, @reportedOn, @directiveNo, @directiveOn, @caseNo, @dueOn, @rectification, @closedOn, @createdAt, @updatedAt)`,
    ),
    insertEvidence: p(
      `INSERT INTO evidence (id, inspection_id, item_no, finding_id, sha256, thumb_sha256, media_type, width, height, bytes, caption, taken_at, created_at)
       VALUES (@id, @inspectionId, @itemNo, @findingId, @sha256, @thumbSha256, @mediaType, @width, @height, @bytes, @caption, @takenAt, @createdAt)`,
    ),
    insertSignature: p(
      'INSERT INTO signatures (id, inspection_id, role, signer_name, signer_detail, image_sha256, signed_at) VALUES (@id, @inspectionId, @role, @signerName, @signerDetail, @imageSha256, @signedAt)',
    ),

    auditHashes: p('SELECT hash FROM audit_log WHERE inspection_id = ? ORDER BY seq'),
    /** Rows in AUDIT_COLUMNS order. */
    insertAudit: rowsInsert(sqlite, 'audit_log', AUDIT_COLUMNS, 16),
  };
}

export type Statements = ReturnType<typeof build>;

const byConnection = perConnection((db: Db) => build(db.$client));

/** The import path's statements on this connection, prepared on first use. */
export function statements(db: Db): Statements {
  return byConnection(db);
}

export const bool = (b: boolean): number => (b ? 1 : 0);
