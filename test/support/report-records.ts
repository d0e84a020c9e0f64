/**
 * Writes 附件4 records (forms/attachment4-figures.ts shapes) into a real database the way the
 * app stores them: agencies, the current checklist and roster, kept checklist editions,
 * reviewed 附件1 items, and every inspection as a chain of signed revisions whose canonical
 * snapshot the migration's trigger turns into report facts. A draft is an inspection row
 * without a revision. Tests only: it writes rows directly, without the app's checks.
 */
import type Database from 'better-sqlite3';
import type { A4Agency, A4Checklist, A4Finding, A4Inspection, A4Person, A4SelfCheck } from '../../forms/attachment4-figures';

const T = '2026-01-01T00:00:00.000Z';

export function writeAgency(db: Database.Database, a: A4Agency, creditCode = `C-${a.id}`): void {
  db.prepare('INSERT INTO agencies (id, name, credit_code, district, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    a.id,
    a.name,
    creditCode,
    a.district,
    a.kind,
    T,
    T,
  );
}

function writePersons(db: Database.Database, agencyId: string, persons: readonly A4Person[], filledOn: string | null): void {
  const current = db.prepare(
    `INSERT INTO personnel (id, agency_id, seq, name, practising, education, title, disclosure_cancelled, qualification_revoked, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const kept = db.prepare(
    `INSERT INTO checklist_edition_persons (agency_id, filled_on, person_id, seq, name, cert_no, practising, education, title, note, disclosure_cancelled, qualification_revoked)
     VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, '', ?, ?)`,
  );
  persons.forEach((p, i) => {
    const flags = [p.disclosureCancelled ? 1 : 0, p.qualificationRevoked ? 1 : 0] as const;
    if (filledOn === null) current.run(p.id, agencyId, i + 1, `人员${p.id}`, p.practising, p.education, p.title, ...flags, T, T);
    else kept.run(agencyId, filledOn, p.id, i + 1, `人员${p.id}`, p.practising, p.education, p.title, ...flags);
  });
}

/** The current checklist goes to the 附件2 tables, an earlier one to the kept editions. */
export function writeChecklist(db: Database.Database, c: A4Checklist): void {
  const fields = [c.meetsRequirements, c.filledOn, c.resourceRectifiedOn, c.resourceRectifiedNote, c.personnelRectifiedOn, c.personnelRectifiedNote] as const;
  if (c.current) {
    db.prepare(
      `INSERT INTO personnel_checklists (agency_id, meets_requirements, filled_on, resource_rectified_on, resource_rectified_note, personnel_rectified_on, personnel_rectified_note, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.agencyId, ...fields, T);
    writePersons(db, c.agencyId, c.persons, null);
  } else {
    db.prepare(
      `INSERT INTO checklist_editions (agency_id, meets_requirements, filled_on, resource_rectified_on, resource_rectified_note, personnel_rectified_on, personnel_rectified_note,
         filled_by, filled_phone, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '', ?)`,
    ).run(c.agencyId, ...fields, T);
    writePersons(db, c.agencyId, c.persons, c.filledOn);
  }
}

/** One reviewed 附件1 item per entry, updated at noon Shanghai time of that day. */
export function writeSelfChecks(db: Database.Database, items: readonly A4SelfCheck[]): void {
  const add = db.prepare("INSERT INTO self_check_items (agency_id, item_key, problems, corrections, acceptance, updated_at) VALUES (?, ?, '', '', '认可', ?)");
  const used = new Map<string, number>();
  for (const s of items) {
    const n = (used.get(s.agencyId) ?? 0) + 1;
    used.set(s.agencyId, n);
    add.run(s.agencyId, `${n}.1`, `${s.reviewedOn}T04:00:00.000Z`);
  }
}

/** A revision's canonical snapshot with what the report reads (the real ones carry more). */
export function snapshotText(i: Omit<A4Inspection, 'id' | 'agencyId'>, revision: number, scores: { no: number; max: number; score: number | null; notApplicable: boolean }[] = []): string {
  const snapshot = {
    format: 'ducha-inspection',
    version: i.inspectingUnit ? 2 : 1,
    revision,
    inspection: { kind: i.kind, inspectedOn: i.inspectedOn, spotCheck: i.spotCheck, ...(i.inspectingUnit ? { inspectingUnit: i.inspectingUnit } : {}) },
    items: scores,
    totals: i.kind === 'agency' ? { total: scores.reduce((t, s) => t + (s.notApplicable ? 0 : s.score ?? 0), 0) } : null,
    findings: i.findings.map((f: A4Finding) => ({ ...f })),
  };
  return JSON.stringify(snapshot);
}

/**
 * An inspection and its revisions, oldest first: `earlier` are the revisions it was signed
 * with before (an amendment moved its date or findings), the record itself the latest.
 * `draft`: stored without any revision.
 */
export function writeInspection(
  db: Database.Database,
  i: A4Inspection,
  options: { earlier?: Omit<A4Inspection, 'id' | 'agencyId'>[]; draft?: boolean; scores?: { no: number; max: number; score: number | null; notApplicable: boolean }[] } = {},
): void {
  const earlier = options.earlier ?? [];
  const revisions = options.draft ? [] : [...earlier, i];
  db.prepare(
    `INSERT INTO inspections (id, agency_id, kind, type, inspected_on, status, spot_check, inspecting_unit, revision, created_at, updated_at)
     VALUES (?, ?, ?, '专项监督检查', ?, ?, ?, ?, ?, ?, ?)`,
  ).run(i.id, i.agencyId, i.kind, i.inspectedOn, options.draft ? 'draft' : 'signed', i.spotCheck ? 1 : 0, i.inspectingUnit, revisions.length, T, T);
  const add = db.prepare("INSERT INTO revisions (inspection_id, number, sha256, canonical, signed_at, signed_by) VALUES (?, ?, ?, ?, ?, '{}')");
  revisions.forEach((r, n) => add.run(i.id, n + 1, `${i.id}-r${n + 1}`, snapshotText(r, n + 1, options.scores), T));
}
