/**
 * The SQL of 附件4: its figures and the ids behind them, in the form forms/attachment4-figures.ts
 * defines (a property test holds the two equal), and the rows the report's lists, charts and
 * 清单 are made from. Inspections are read from the report facts (report_inspections and its
 * children), which the migration's triggers keep equal to each inspection's latest signed
 * revision; checklists from the current 附件2 table and the editions it replaced, their person
 * counts from report_roster_counts (kept by triggers on the rosters).
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
  SELECT c.agency_id, c.filled_on, 1 AS cur, c.meets_requirements, c.resource_rectified_on, c.personnel_rectified_on,
      c.resource_rectified_note, c.personnel_rectified_note
    FROM personnel_checklists c JOIN scope s ON s.id = c.agency_id WHERE c.filled_on BETWEEN @from AND @to
  UNION ALL
  SELECT e.agency_id, e.filled_on, 0, e.meets_requirements, e.resource_rectified_on, e.personnel_rectified_on,
      e.resource_rectified_note, e.personnel_rectified_note
    FROM checklist_editions e JOIN scope s ON s.id = e.agency_id WHERE e.filled_on BETWEEN @from AND @to
),
picked AS MATERIALIZED (
  SELECT * FROM (SELECT cand.*, row_number() OVER (PARTITION BY agency_id ORDER BY filled_on DESC, cur DESC) AS rn FROM cand) WHERE rn = 1
),
persons AS (
  SELECT p.agency_id, p.id, p.practising, p.education, p.title, p.disclosure_cancelled AS dc, p.qualification_revoked AS qr
    FROM picked k CROSS JOIN personnel p ON p.agency_id = k.agency_id WHERE k.cur = 1
  UNION ALL
  SELECT ep.agency_id, ep.person_id, ep.practising, ep.education, ep.title, ep.disclosure_cancelled, ep.qualification_revoked
    FROM picked k CROSS JOIN checklist_edition_persons ep ON ep.agency_id = k.agency_id AND ep.filled_on = k.filled_on WHERE k.cur = 0
),
reviewed AS (
  SELECT DISTINCT i.agency_id FROM self_check_items i JOIN scope s ON s.id = i.agency_id
   WHERE i.acceptance <> '' AND date(i.updated_at, '+8 hours') BETWEEN @from AND @to
)`;

/** The inspections the unit's report counts: made by it, latest signed revision dated in the period. */
const COUNTED = `counted AS (
  SELECT * FROM report_inspections WHERE inspected_on BETWEEN @from AND @to AND (@city = 1 OR inspecting_unit = @unit)
)`;

/** The person counts of a picked checklist's roster (alias r): the current one, or the kept edition. */
const ROSTER_COUNTS = `report_roster_counts r ON r.agency_id = k.agency_id AND r.edition = CASE WHEN k.cur = 1 THEN '' ELSE k.filled_on END`;

/**
 * The counted inspections' findings (c, f), read from the findings side: there are far fewer
 * findings than inspections, and each looks up its inspection by key.
 */
const COUNTED_FINDINGS = `report_findings f CROSS JOIN report_inspections c ON c.inspection_id = f.inspection_id
  AND c.inspected_on BETWEEN @from AND @to AND (@city = 1 OR c.inspecting_unit = @unit)`;

const VIOLATION = `('违法违规行为','严重事故隐患')`;
const PROBLEM_PERSON = `(practising = '否' OR education = '否' OR title = '否')`;

const SQL = {
  checklists: `WITH ${PICKED}
    SELECT total(r.persons) AS personnelChecked,
      total(r.practising_problems) AS practisingProblems, total(r.disclosure_cancelled) AS disclosureCancelled,
      total(r.education_problems) AS educationProblems, total(r.education_revoked) AS educationRevoked,
      total(r.title_problems) AS titleProblems, total(r.title_revoked) AS titleRevoked,
      total(k.meets_requirements = '否') AS resourceShortAgencies,
      total(k.meets_requirements = '否' AND k.resource_rectified_on <> '' AND k.resource_rectified_on <= @to) AS resourceShortRectified,
      total(r.problem_persons > 0) AS personnelProblemAgencies,
      total(r.problem_persons > 0 AND k.personnel_rectified_on <> '' AND k.personnel_rectified_on <= @to) AS personnelProblemRectified,
      (SELECT count(*) FROM (SELECT agency_id FROM picked UNION SELECT agency_id FROM reviewed)) AS selfCheckAgencies
    FROM picked k LEFT JOIN ${ROSTER_COUNTS}`,
  inspections: `WITH ${COUNTED}
    SELECT total(agency) AS inspectedAgencies, total(spot) AS spotCheckAgencies, total(exam) AS examInstitutionsInspected
    FROM (SELECT max(kind = 'agency') AS agency, max(kind = 'agency' AND spot_check) AS spot, max(kind = 'exam') AS exam FROM counted GROUP BY agency_id)`,
  findings: `WITH ${COUNTED}
    SELECT count(DISTINCT CASE WHEN c.kind = 'agency' AND f.severity IN ${VIOLATION} THEN c.agency_id END) AS violationAgencies,
      total(f.directive_no <> '') AS directives, total(f.case_no <> '') AS penalties
    FROM ${COUNTED_FINDINGS}`,
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
      return `WITH ${COUNTED} SELECT f.finding_id FROM ${COUNTED_FINDINGS} WHERE ${rule.where}`;
  }
}

export function traceKindOf(key: Attachment4Key): TraceRule['from'] {
  return TRACE[key].from;
}

/** Every number of 附件4 for the unit and period. */
export function attachment4Counts(db: Db, scope: ReportScope): Attachment4Counts {
  const p = params(scope);
  const get = (sql: string) => statement(db.$client, sql).get(p) as Record<string, number>;
  const merged = { ...get(SQL.checklists), ...get(SQL.inspections), ...get(SQL.findings) };
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
 * What the 清单 is composed from, in the shape the pure definition takes, read set by set
 * rather than agency by agency (市局's list spans thousands of agencies): each agency's
 * checklist counted in the period with only its persons that have a problem, and the
 * counted inspections that have findings, with those findings. Nothing else changes a row
 * of the 清单, so composing from this gives what composing from every record gives.
 */
export function problemListRecords(db: Db, scope: ReportScope): A4Records {
  const sqlite = db.$client;
  const p = params(scope);
  type PickedRow = Omit<A4Checklist, 'current' | 'persons'> & { cur: number; problemPersons: number };
  const picked = statement(
    sqlite,
    `WITH ${PICKED}
     SELECT k.agency_id AS agencyId, k.filled_on AS filledOn, k.cur, k.meets_requirements AS meetsRequirements, k.resource_rectified_on AS resourceRectifiedOn,
       k.resource_rectified_note AS resourceRectifiedNote, k.personnel_rectified_on AS personnelRectifiedOn, k.personnel_rectified_note AS personnelRectifiedNote,
       coalesce(r.problem_persons, 0) AS problemPersons
     FROM picked k LEFT JOIN ${ROSTER_COUNTS}`,
  ).all(p) as PickedRow[];
  // Only the rosters the counts say have a problem are read, and only their persons with one (partial indexes).
  const withProblems = picked.filter((c) => c.problemPersons > 0);
  type PersonRow = { agencyId: string; id: string; practising: A4Check; education: A4Check; title: A4Check; dc: number; qr: number };
  const currentPersons = statement(
    sqlite,
    `SELECT p.agency_id AS agencyId, p.id, p.practising, p.education, p.title, p.disclosure_cancelled AS dc, p.qualification_revoked AS qr
       FROM json_each(?) j CROSS JOIN personnel p INDEXED BY personnel_problem_idx ON p.agency_id = j.value
      WHERE p.practising = '否' OR p.education = '否' OR p.title = '否'`,
  ).all(JSON.stringify(withProblems.filter((c) => c.cur === 1).map((c) => c.agencyId))) as PersonRow[];
  const keptPersons = statement(
    sqlite,
    `SELECT ep.agency_id AS agencyId, ep.person_id AS id, ep.practising, ep.education, ep.title, ep.disclosure_cancelled AS dc, ep.qualification_revoked AS qr
       FROM json_each(?) j CROSS JOIN checklist_edition_persons ep INDEXED BY checklist_edition_persons_problem_idx
         ON ep.agency_id = j.value ->> 0 AND ep.filled_on = j.value ->> 1
      WHERE ep.practising = '否' OR ep.education = '否' OR ep.title = '否'`,
  ).all(JSON.stringify(withProblems.filter((c) => c.cur === 0).map((c) => [c.agencyId, c.filledOn]))) as PersonRow[];
  type InspectionRow = Omit<A4Inspection, 'findings' | 'spotCheck'> & { spotCheck: number } & Omit<A4Finding, 'id' | 'severity'> & { findingId: string; severity: string };
  const withFindings = statement(
    sqlite,
    `SELECT c.inspection_id AS id, c.agency_id AS agencyId, c.kind, c.inspected_on AS inspectedOn, c.inspecting_unit AS inspectingUnit, c.spot_check AS spotCheck,
       f.finding_id AS findingId, f.severity, f.description, f.directive_no AS directiveNo, f.case_no AS caseNo, f.rectification, f.closed_on AS closedOn
     FROM ${COUNTED_FINDINGS}`,
  ).all(p) as InspectionRow[];

  const personsOf = new Map<string, A4Checklist['persons'][number][]>();
  for (const r of [...currentPersons, ...keptPersons]) {
    const list = personsOf.get(r.agencyId) ?? [];
    list.push({ id: r.id, practising: r.practising, education: r.education, title: r.title, disclosureCancelled: bool(r.dc), qualificationRevoked: bool(r.qr) });
    personsOf.set(r.agencyId, list);
  }
  const checklists: A4Checklist[] = picked.map(({ cur, problemPersons: _, ...c }) => ({ ...c, current: cur === 1, persons: personsOf.get(c.agencyId) ?? [] }));
  const byId = new Map<string, A4Inspection & { findings: A4Finding[] }>();
  for (const r of withFindings) {
    const finding: A4Finding = {
      id: r.findingId,
      severity: r.severity as A4Severity,
      description: r.description,
      directiveNo: r.directiveNo,
      caseNo: r.caseNo,
      rectification: r.rectification,
      closedOn: r.closedOn,
    };
    const known = byId.get(r.id);
    if (known) known.findings.push(finding);
    else byId.set(r.id, { id: r.id, agencyId: r.agencyId, kind: r.kind, inspectedOn: r.inspectedOn, inspectingUnit: r.inspectingUnit, spotCheck: bool(r.spotCheck), findings: [finding] });
  }
  const inspections = [...byId.values()];
  // In finding order, as the record lists them (sorting here is cheaper than in the query).
  for (const i of inspections) if (i.findings.length > 1) i.findings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const listed = new Set([...inspections.map((i) => i.agencyId), ...checklists.filter((c) => c.meetsRequirements === '否' || c.persons.length > 0).map((c) => c.agencyId)]);
  const agencies = statement(sqlite, 'SELECT id, name, district, kind FROM agencies WHERE id IN (SELECT value FROM json_each(?))').all(
    JSON.stringify([...listed]),
  ) as { id: string; name: string; district: string; kind: AgencyKind }[];
  const found = new Set(agencies.map((a) => a.id));
  return { agencies, checklists: checklists.filter((c) => found.has(c.agencyId)), selfChecks: [], inspections: inspections.filter((i) => found.has(i.agencyId)) };
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
    FROM ${COUNTED_FINDINGS} JOIN agencies a ON a.id = c.agency_id WHERE ${rule.where}
    ORDER BY a.name, c.inspected_on, f.finding_id`;
  return (statement(db.$client, sql).all(params(scope)) as (Omit<TraceFindingRow, 'spotCheck'> & { spotCheck: number })[]).map((r) => ({ ...r, spotCheck: bool(r.spotCheck) }));
}

// ---------------------------------------------------------------------------
// Charts

/** Total scores of the counted 附件3 inspections (the distribution chart bins them). */
/** The 附件3 totals of the counted agency inspections, each with how many have it (one decimal: at most ~1,000 values). */
export function countedTotals(db: Db, scope: ReportScope): { total: number; count: number }[] {
  return statement(
    db.$client,
    `WITH ${COUNTED} SELECT total, count(*) AS count FROM counted WHERE kind = 'agency' AND total IS NOT NULL GROUP BY total ORDER BY total`,
  ).all(params(scope)) as { total: number; count: number }[];
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
    `WITH ${COUNTED},
     inspected AS (SELECT agency_id FROM counted GROUP BY agency_id HAVING max(kind = 'agency')),
     violation AS (SELECT DISTINCT c.agency_id FROM ${COUNTED_FINDINGS} WHERE c.kind = 'agency' AND f.severity IN ${VIOLATION})
     SELECT a.district, count(*) AS inspectedAgencies, count(v.agency_id) AS violationAgencies
     FROM inspected i JOIN agencies a ON a.id = i.agency_id LEFT JOIN violation v ON v.agency_id = i.agency_id GROUP BY a.district`,
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
