/**
 * The SQL of 附件4: its figures and the ids behind them, in the form forms/attachment4-figures.ts
 * defines (a property test holds the two equal), and the rows the report's lists, charts and
 * 清单 are made from. Inspections are read from the report facts (report_inspections and its
 * children), which the migration's triggers keep equal to each inspection's latest signed
 * revision; checklists from the current 附件2 table and the editions it replaced.
 *
 * Every statement takes the same named parameters: @city (1 for 市局's whole-city report),
 * @unit (the district otherwise), @from and @to (inclusive YYYY-MM-DD).
 */
import type { Attachment4Counts, Attachment4Key } from '../../forms/attachment4';
import type { A4Check, A4Checklist, A4Finding, A4Inspection, A4Records, A4Severity, Attachment4Trace } from '../../forms/attachment4-figures';
import { ATTACHMENT4_KEYS } from '../../forms/attachment4';
import { CITY_UNIT, type InspectingUnit } from '../../forms/districts';
import type { AgencyKind } from '../../forms/agency';
import type { Db } from '../open';
import { statement } from '../statements';

export interface ReportScope {
  unit: InspectingUnit;
  from: string;
  to: string;
}

function params(s: ReportScope) {
  return { city: s.unit === CITY_UNIT ? 1 : 0, unit: s.unit, from: s.from, to: s.to };
}

/** The agencies of the unit's jurisdiction. */
const SCOPE = `scope AS (SELECT id FROM agencies WHERE @city = 1 OR district = @unit)`;

/** Each agency's latest checklist filed in the period (the current one on a tie), and its roster. */
const PICKED = `${SCOPE},
cand AS (
  SELECT c.agency_id, c.filled_on, 1 AS cur, c.meets_requirements, c.resource_rectified_on, c.personnel_rectified_on
    FROM personnel_checklists c JOIN scope s ON s.id = c.agency_id WHERE c.filled_on BETWEEN @from AND @to
  UNION ALL
  SELECT e.agency_id, e.filled_on, 0, e.meets_requirements, e.resource_rectified_on, e.personnel_rectified_on
    FROM checklist_editions e JOIN scope s ON s.id = e.agency_id WHERE e.filled_on BETWEEN @from AND @to
),
picked AS (
  SELECT * FROM (SELECT cand.*, row_number() OVER (PARTITION BY agency_id ORDER BY filled_on DESC, cur DESC) AS rn FROM cand) WHERE rn = 1
),
persons AS (
  SELECT p.agency_id, p.id, p.practising, p.education, p.title, p.disclosure_cancelled AS dc, p.qualification_revoked AS qr
    FROM picked k JOIN personnel p ON p.agency_id = k.agency_id WHERE k.cur = 1
  UNION ALL
  SELECT ep.agency_id, ep.person_id, ep.practising, ep.education, ep.title, ep.disclosure_cancelled, ep.qualification_revoked
    FROM picked k JOIN checklist_edition_persons ep ON ep.agency_id = k.agency_id AND ep.filled_on = k.filled_on WHERE k.cur = 0
),
reviewed AS (
  SELECT DISTINCT i.agency_id FROM self_check_items i JOIN scope s ON s.id = i.agency_id
   WHERE i.acceptance <> '' AND date(i.updated_at, '+8 hours') BETWEEN @from AND @to
)`;

/** The inspections the unit's report counts: made by it, latest signed revision dated in the period. */
const COUNTED = `counted AS (
  SELECT * FROM report_inspections WHERE inspected_on BETWEEN @from AND @to AND (@city = 1 OR inspecting_unit = @unit)
)`;

const VIOLATION = `('违法违规行为','严重事故隐患')`;
const PROBLEM_PERSON = `(practising = '否' OR education = '否' OR title = '否')`;

const SQL = {
  persons: `WITH ${PICKED}
    SELECT count(*) AS personnelChecked,
      total(practising = '否') AS practisingProblems, total(practising = '否' AND dc) AS disclosureCancelled,
      total(education = '否') AS educationProblems, total(education = '否' AND qr) AS educationRevoked,
      total(title = '否') AS titleProblems, total(title = '否' AND qr) AS titleRevoked
    FROM persons`,
  agencies: `WITH ${PICKED},
    problem AS (SELECT DISTINCT agency_id FROM persons WHERE ${PROBLEM_PERSON})
    SELECT total(meets_requirements = '否') AS resourceShortAgencies,
      total(meets_requirements = '否' AND resource_rectified_on <> '' AND resource_rectified_on <= @to) AS resourceShortRectified,
      total(agency_id IN problem) AS personnelProblemAgencies,
      total(agency_id IN problem AND personnel_rectified_on <> '' AND personnel_rectified_on <= @to) AS personnelProblemRectified,
      (SELECT count(*) FROM (SELECT agency_id FROM picked UNION SELECT agency_id FROM reviewed)) AS selfCheckAgencies
    FROM picked`,
  inspections: `WITH ${COUNTED}
    SELECT count(DISTINCT CASE WHEN kind = 'agency' THEN agency_id END) AS inspectedAgencies,
      count(DISTINCT CASE WHEN kind = 'agency' AND spot_check THEN agency_id END) AS spotCheckAgencies,
      count(DISTINCT CASE WHEN kind = 'exam' THEN agency_id END) AS examInstitutionsInspected
    FROM counted`,
  findings: `WITH ${COUNTED}
    SELECT count(DISTINCT CASE WHEN c.kind = 'agency' AND f.severity IN ${VIOLATION} THEN c.agency_id END) AS violationAgencies,
      total(f.directive_no <> '') AS directives, total(f.case_no <> '') AS penalties
    FROM counted c JOIN report_findings f ON f.inspection_id = c.inspection_id`,
} as const;

/**
 * Which rows stand behind each number: agency keys select from `picked`/`reviewed`, person
 * keys filter `persons`, inspection keys filter `counted` (alias c), finding keys filter the
 * counted inspections' findings (alias f). The lists below reuse the same filters.
 */
type TraceRule =
  | { from: 'agencies'; sql: string }
  | { from: 'persons'; where: string }
  | { from: 'inspections'; where: string }
  | { from: 'findings'; where: string };

const TRACE: Record<Attachment4Key, TraceRule> = {
  selfCheckAgencies: { from: 'agencies', sql: 'SELECT agency_id FROM picked UNION SELECT agency_id FROM reviewed' },
  personnelChecked: { from: 'persons', where: '1' },
  practisingProblems: { from: 'persons', where: "practising = '否'" },
  disclosureCancelled: { from: 'persons', where: "practising = '否' AND dc" },
  educationProblems: { from: 'persons', where: "education = '否'" },
  educationRevoked: { from: 'persons', where: "education = '否' AND qr" },
  titleProblems: { from: 'persons', where: "title = '否'" },
  titleRevoked: { from: 'persons', where: "title = '否' AND qr" },
  resourceShortAgencies: { from: 'agencies', sql: "SELECT agency_id FROM picked WHERE meets_requirements = '否'" },
  resourceShortRectified: {
    from: 'agencies',
    sql: "SELECT agency_id FROM picked WHERE meets_requirements = '否' AND resource_rectified_on <> '' AND resource_rectified_on <= @to",
  },
  personnelProblemAgencies: { from: 'agencies', sql: `SELECT DISTINCT agency_id FROM persons WHERE ${PROBLEM_PERSON}` },
  personnelProblemRectified: {
    from: 'agencies',
    sql: `SELECT agency_id FROM picked WHERE personnel_rectified_on <> '' AND personnel_rectified_on <= @to
      AND agency_id IN (SELECT agency_id FROM persons WHERE ${PROBLEM_PERSON})`,
  },
  inspectedAgencies: { from: 'inspections', where: "c.kind = 'agency'" },
  spotCheckAgencies: { from: 'inspections', where: "c.kind = 'agency' AND c.spot_check" },
  examInstitutionsInspected: { from: 'inspections', where: "c.kind = 'exam'" },
  violationAgencies: { from: 'findings', where: `c.kind = 'agency' AND f.severity IN ${VIOLATION}` },
  directives: { from: 'findings', where: "f.directive_no <> ''" },
  penalties: { from: 'findings', where: "f.case_no <> ''" },
};

function traceSql(key: Attachment4Key): string {
  const rule = TRACE[key];
  switch (rule.from) {
    case 'agencies':
      return `WITH ${PICKED} ${rule.sql}`;
    case 'persons':
      return `WITH ${PICKED} SELECT id FROM persons WHERE ${rule.where}`;
    case 'inspections':
      return `WITH ${COUNTED} SELECT c.inspection_id FROM counted c WHERE ${rule.where}`;
    case 'findings':
      return `WITH ${COUNTED} SELECT f.finding_id FROM counted c JOIN report_findings f ON f.inspection_id = c.inspection_id WHERE ${rule.where}`;
  }
}

export function traceKindOf(key: Attachment4Key): TraceRule['from'] {
  return TRACE[key].from;
}

/** Every number of 附件4 for the unit and period. */
export function attachment4Counts(db: Db, scope: ReportScope): Attachment4Counts {
  const p = params(scope);
  const get = (sql: string) => statement(db.$client, sql).get(p) as Record<string, number>;
  const merged = { ...get(SQL.persons), ...get(SQL.agencies), ...get(SQL.inspections), ...get(SQL.findings) };
  return Object.fromEntries(ATTACHMENT4_KEYS.map((k) => [k, Math.round(merged[k] ?? 0)])) as Attachment4Counts;
}

export function attachment4TraceOf(db: Db, scope: ReportScope, key: Attachment4Key): string[] {
  return (statement(db.$client, traceSql(key)).pluck().all(params(scope)) as string[]).sort();
}

export function attachment4Trace(db: Db, scope: ReportScope): Attachment4Trace {
  return Object.fromEntries(ATTACHMENT4_KEYS.map((k) => [k, attachment4TraceOf(db, scope, k)])) as Attachment4Trace;
}

// ---------------------------------------------------------------------------
// The records behind the numbers, for the 清单, the lists and the charts

const bool = (v: unknown) => v === 1 || v === true;

/**
 * The records of these agencies that the report reads, in the shape the pure definition
 * takes: registration, every checklist (current and kept) with roster, reviewed self-check
 * items, and the latest signed revision of every inspection with its findings.
 */
export function attachment4RecordsOf(db: Db, agencyIds: readonly string[]): A4Records {
  const sqlite = db.$client;
  const records: A4Records & { agencies: A4Records['agencies'][number][]; checklists: A4Checklist[]; selfChecks: A4Records['selfChecks'][number][]; inspections: A4Inspection[] } = {
    agencies: [],
    checklists: [],
    selfChecks: [],
    inspections: [],
  };
  const agency = statement(sqlite, 'SELECT id, name, district, kind FROM agencies WHERE id = ?');
  const current = statement(
    sqlite,
    `SELECT agency_id AS agencyId, filled_on AS filledOn, meets_requirements AS meetsRequirements, resource_rectified_on AS resourceRectifiedOn,
       resource_rectified_note AS resourceRectifiedNote, personnel_rectified_on AS personnelRectifiedOn, personnel_rectified_note AS personnelRectifiedNote
     FROM personnel_checklists WHERE agency_id = ?`,
  );
  const editions = statement(
    sqlite,
    `SELECT agency_id AS agencyId, filled_on AS filledOn, meets_requirements AS meetsRequirements, resource_rectified_on AS resourceRectifiedOn,
       resource_rectified_note AS resourceRectifiedNote, personnel_rectified_on AS personnelRectifiedOn, personnel_rectified_note AS personnelRectifiedNote
     FROM checklist_editions WHERE agency_id = ? ORDER BY filled_on`,
  );
  const currentPersons = statement(
    sqlite,
    'SELECT id, practising, education, title, disclosure_cancelled AS dc, qualification_revoked AS qr FROM personnel WHERE agency_id = ? ORDER BY seq',
  );
  const editionPersons = statement(
    sqlite,
    'SELECT person_id AS id, practising, education, title, disclosure_cancelled AS dc, qualification_revoked AS qr FROM checklist_edition_persons WHERE agency_id = ? AND filled_on = ? ORDER BY seq',
  );
  const reviewed = statement(
    sqlite,
    "SELECT date(updated_at, '+8 hours') AS reviewedOn FROM self_check_items WHERE agency_id = ? AND acceptance <> '' ORDER BY item_key",
  );
  const inspections = statement(
    sqlite,
    'SELECT inspection_id AS id, agency_id AS agencyId, kind, inspected_on AS inspectedOn, inspecting_unit AS inspectingUnit, spot_check AS spotCheck FROM report_inspections WHERE agency_id = ? ORDER BY inspected_on, inspection_id',
  );
  const findings = statement(
    sqlite,
    'SELECT finding_id AS id, severity, description, directive_no AS directiveNo, case_no AS caseNo, rectification, closed_on AS closedOn FROM report_findings WHERE inspection_id = ? ORDER BY finding_id',
  );
  type PersonRow = { id: string; practising: A4Check; education: A4Check; title: A4Check; dc: number; qr: number };
  const toPersons = (rows: PersonRow[]) =>
    rows.map((r) => ({ id: r.id, practising: r.practising, education: r.education, title: r.title, disclosureCancelled: bool(r.dc), qualificationRevoked: bool(r.qr) }));
  type ChecklistHead = Omit<A4Checklist, 'current' | 'persons'>;
  for (const id of new Set(agencyIds)) {
    const a = agency.get(id) as { id: string; name: string; district: string; kind: AgencyKind } | undefined;
    if (!a) continue;
    records.agencies.push(a);
    const c = current.get(id) as ChecklistHead | undefined;
    if (c) records.checklists.push({ ...c, current: true, persons: toPersons(currentPersons.all(id) as PersonRow[]) });
    for (const e of editions.all(id) as ChecklistHead[]) {
      records.checklists.push({ ...e, current: false, persons: toPersons(editionPersons.all(id, e.filledOn) as PersonRow[]) });
    }
    for (const r of reviewed.all(id) as { reviewedOn: string }[]) records.selfChecks.push({ agencyId: id, reviewedOn: r.reviewedOn });
    for (const i of inspections.all(id) as (Omit<A4Inspection, 'findings' | 'spotCheck'> & { spotCheck: number })[]) {
      records.inspections.push({
        ...i,
        spotCheck: bool(i.spotCheck),
        findings: (findings.all(i.id) as (Omit<A4Finding, 'severity'> & { severity: string })[]).map((f) => ({ ...f, severity: f.severity as A4Severity })),
      });
    }
  }
  return records;
}

/** Agencies the 清单 may list: a finding on a counted inspection, or a problem on a counted checklist. */
export function problemAgencyIds(db: Db, scope: ReportScope): string[] {
  const p = params(scope);
  const sql = `WITH ${PICKED}, ${COUNTED}
    SELECT c.agency_id FROM counted c JOIN report_findings f ON f.inspection_id = c.inspection_id
    UNION SELECT agency_id FROM picked WHERE meets_requirements = '否'
    UNION SELECT DISTINCT agency_id FROM persons WHERE ${PROBLEM_PERSON}`;
  return statement(db.$client, sql).pluck().all(p) as string[];
}

// ---------------------------------------------------------------------------
// Lists behind a number

export interface TraceAgencyRow {
  agencyId: string;
  agencyName: string;
  district: string;
  kind: string;
  filledOn: string | null;
}
export interface TracePersonRow {
  personId: string;
  agencyId: string;
  agencyName: string;
  name: string;
  certNo: string;
  practising: string;
  education: string;
  title: string;
  disclosureCancelled: boolean;
  qualificationRevoked: boolean;
  filledOn: string;
}
export interface TraceInspectionRow {
  inspectionId: string;
  agencyId: string;
  agencyName: string;
  inspectedOn: string;
  inspectingUnit: string | null;
  revision: number;
  spotCheck: boolean;
  total: number | null;
}
export interface TraceFindingRow extends TraceInspectionRow {
  findingId: string;
  severity: string;
  description: string;
  directiveNo: string;
  caseNo: string;
}

export function traceAgencies(db: Db, scope: ReportScope, key: Attachment4Key): TraceAgencyRow[] {
  const rule = TRACE[key];
  if (rule.from !== 'agencies') throw new Error(`traceAgencies: ${key} lists ${rule.from}`);
  const sql = `WITH ${PICKED}, ids AS (${rule.sql})
    SELECT a.id AS agencyId, a.name AS agencyName, a.district, a.kind, k.filled_on AS filledOn
    FROM ids JOIN agencies a ON a.id = ids.agency_id LEFT JOIN picked k ON k.agency_id = a.id ORDER BY a.name, a.id`;
  return statement(db.$client, sql).all(params(scope)) as TraceAgencyRow[];
}

export function tracePersons(db: Db, scope: ReportScope, key: Attachment4Key): TracePersonRow[] {
  const rule = TRACE[key];
  if (rule.from !== 'persons') throw new Error(`tracePersons: ${key} lists ${rule.from}`);
  const sql = `WITH ${PICKED},
    named AS (
      SELECT p.id AS personId, p.agency_id AS agencyId, p.name, p.cert_no AS certNo, k.filled_on AS filledOn FROM picked k JOIN personnel p ON p.agency_id = k.agency_id WHERE k.cur = 1
      UNION ALL
      SELECT ep.person_id, ep.agency_id, ep.name, ep.cert_no, k.filled_on FROM picked k
        JOIN checklist_edition_persons ep ON ep.agency_id = k.agency_id AND ep.filled_on = k.filled_on WHERE k.cur = 0
    )
    SELECT n.personId, n.agencyId, a.name AS agencyName, n.name, n.certNo, p.practising, p.education, p.title,
      p.dc AS disclosureCancelled, p.qr AS qualificationRevoked, n.filledOn
    FROM (SELECT * FROM persons WHERE ${rule.where}) p JOIN named n ON n.personId = p.id AND n.agencyId = p.agency_id JOIN agencies a ON a.id = p.agency_id
    ORDER BY a.name, n.agencyId, n.name, n.personId`;
  return (statement(db.$client, sql).all(params(scope)) as (Omit<TracePersonRow, 'disclosureCancelled' | 'qualificationRevoked'> & { disclosureCancelled: number; qualificationRevoked: number })[]).map((r) => ({
    ...r,
    disclosureCancelled: bool(r.disclosureCancelled),
    qualificationRevoked: bool(r.qualificationRevoked),
  }));
}

const INSPECTION_COLUMNS = `c.inspection_id AS inspectionId, c.agency_id AS agencyId, a.name AS agencyName, c.inspected_on AS inspectedOn,
  c.inspecting_unit AS inspectingUnit, c.revision, c.spot_check AS spotCheck, c.total`;

export function traceInspections(db: Db, scope: ReportScope, key: Attachment4Key): TraceInspectionRow[] {
  const rule = TRACE[key];
  if (rule.from !== 'inspections') throw new Error(`traceInspections: ${key} lists ${rule.from}`);
  const sql = `WITH ${COUNTED} SELECT ${INSPECTION_COLUMNS} FROM counted c JOIN agencies a ON a.id = c.agency_id WHERE ${rule.where}
    ORDER BY a.name, c.inspected_on, c.inspection_id`;
  return (statement(db.$client, sql).all(params(scope)) as (Omit<TraceInspectionRow, 'spotCheck'> & { spotCheck: number })[]).map((r) => ({ ...r, spotCheck: bool(r.spotCheck) }));
}

export function traceFindings(db: Db, scope: ReportScope, key: Attachment4Key): TraceFindingRow[] {
  const rule = TRACE[key];
  if (rule.from !== 'findings') throw new Error(`traceFindings: ${key} lists ${rule.from}`);
  const sql = `WITH ${COUNTED} SELECT ${INSPECTION_COLUMNS}, f.finding_id AS findingId, f.severity, f.description, f.directive_no AS directiveNo, f.case_no AS caseNo
    FROM counted c JOIN report_findings f ON f.inspection_id = c.inspection_id JOIN agencies a ON a.id = c.agency_id WHERE ${rule.where}
    ORDER BY a.name, c.inspected_on, f.finding_id`;
  return (statement(db.$client, sql).all(params(scope)) as (Omit<TraceFindingRow, 'spotCheck'> & { spotCheck: number })[]).map((r) => ({ ...r, spotCheck: bool(r.spotCheck) }));
}

// ---------------------------------------------------------------------------
// Charts

/** Total scores of the counted 附件3 inspections (the distribution chart bins them). */
export function countedTotals(db: Db, scope: ReportScope): number[] {
  return statement(db.$client, `WITH ${COUNTED} SELECT total FROM counted WHERE kind = 'agency' AND total IS NOT NULL ORDER BY total`)
    .pluck()
    .all(params(scope)) as number[];
}

/** Per 一级指标 (0-based): the score and applicable maximum summed over the counted inspections. */
export function indicatorSums(db: Db, scope: ReportScope): { indicator: number; score: number; max: number; inspections: number }[] {
  return statement(
    db.$client,
    `WITH ${COUNTED} SELECT s.indicator, total(s.score) AS score, total(s.max) AS max, count(*) AS inspections
     FROM counted c JOIN report_indicator_scores s ON s.inspection_id = c.inspection_id WHERE c.kind = 'agency' GROUP BY s.indicator ORDER BY s.indicator`,
  ).all(params(scope)) as { indicator: number; score: number; max: number; inspections: number }[];
}

/** For the city: per district of registration, inspected agencies and agencies with a violation. */
export function countsByDistrict(db: Db, scope: ReportScope): { district: string; inspectedAgencies: number; violationAgencies: number }[] {
  return statement(
    db.$client,
    `WITH ${COUNTED}
     SELECT a.district, count(DISTINCT CASE WHEN c.kind = 'agency' THEN c.agency_id END) AS inspectedAgencies,
       count(DISTINCT CASE WHEN c.kind = 'agency' AND EXISTS (SELECT 1 FROM report_findings f WHERE f.inspection_id = c.inspection_id AND f.severity IN ${VIOLATION})
         THEN c.agency_id END) AS violationAgencies
     FROM counted c JOIN agencies a ON a.id = c.agency_id GROUP BY a.district`,
  ).all(params(scope)) as { district: string; inspectedAgencies: number; violationAgencies: number }[];
}

/** The item → 一级指标 map the migration seeded (a test holds it equal to forms/attachment3.ts). */
export function itemIndicators(db: Db): { itemNo: number; indicator: number }[] {
  return statement(db.$client, 'SELECT item_no AS itemNo, indicator FROM report_item_indicators ORDER BY item_no').all() as { itemNo: number; indicator: number }[];
}

// ---------------------------------------------------------------------------
// Drafts (the 清单 edits) and signed report documents

export type ReportEdits = Record<string, { problem?: string; rectification?: string }>;

export function getReportEdits(db: Db, scope: ReportScope): ReportEdits {
  const text = statement(db.$client, 'SELECT edits FROM report_drafts WHERE unit = ? AND period_from = ? AND period_to = ?')
    .pluck()
    .get(scope.unit, scope.from, scope.to) as string | undefined;
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as ReportEdits;
  } catch {
    return {};
  }
}

export function putReportEdits(db: Db, scope: ReportScope, edits: ReportEdits, at: string): void {
  statement(
    db.$client,
    `INSERT INTO report_drafts (unit, period_from, period_to, edits, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(unit, period_from, period_to) DO UPDATE SET edits = excluded.edits, updated_at = excluded.updated_at`,
  ).run(scope.unit, scope.from, scope.to, JSON.stringify(edits), at);
}

export interface ReportDocumentRow {
  id: string;
  origin: 'own' | 'received';
  unit: string;
  periodFrom: string;
  periodTo: string;
  sha256: string;
  keyId: string;
  signedAt: string;
  document: string;
  storedAt: string;
}

const DOC_COLUMNS = 'id, origin, unit, period_from AS periodFrom, period_to AS periodTo, sha256, key_id AS keyId, signed_at AS signedAt, document, stored_at AS storedAt';

export function insertReportDocument(db: Db, row: ReportDocumentRow): void {
  statement(
    db.$client,
    `INSERT INTO report_documents (id, origin, unit, period_from, period_to, sha256, key_id, signed_at, document, stored_at)
     VALUES (@id, @origin, @unit, @periodFrom, @periodTo, @sha256, @keyId, @signedAt, @document, @storedAt)`,
  ).run(row);
}

export function getReportDocument(db: Db, id: string): ReportDocumentRow | undefined {
  return statement(db.$client, `SELECT ${DOC_COLUMNS} FROM report_documents WHERE id = ?`).get(id) as ReportDocumentRow | undefined;
}

/** Signed reports of a period (and unit, when given), newest first; without their text. */
export function listReportDocuments(
  db: Db,
  filter: { from: string; to: string; unit?: string; origin?: 'own' | 'received' },
): Omit<ReportDocumentRow, 'document'>[] {
  return statement(
    db.$client,
    `SELECT id, origin, unit, period_from AS periodFrom, period_to AS periodTo, sha256, key_id AS keyId, signed_at AS signedAt, stored_at AS storedAt
     FROM report_documents WHERE period_from = @from AND period_to = @to AND (@unit IS NULL OR unit = @unit) AND (@origin IS NULL OR origin = @origin)
     ORDER BY signed_at DESC, id`,
  ).all({ from: filter.from, to: filter.to, unit: filter.unit ?? null, origin: filter.origin ?? null }) as Omit<ReportDocumentRow, 'document'>[];
}
