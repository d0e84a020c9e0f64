/**
 * What every number of 附件4 counts, written once as plain TypeScript over plain records.
 * docs/attachment4.md says the same in words. The app computes the figures in SQL
 * (db/repositories/reports.ts) for speed; a property test holds the two equal, so this
 * module is the definition and the SQL its fast form.
 *
 * A unit U and a period [from, to] (inclusive, YYYY-MM-DD):
 *  - 自查情况 covers the agencies registered in U's district (every agency for 市局), each by
 *    its latest 附件2 checklist whose 填报日期 lies in the period.
 *  - 督导检查情况 covers the inspections made by U (every unit's for 市局), each by its latest
 *    signed revision, when that revision's 检查日期 lies in the period. Drafts never count.
 *
 * Pure: shared by the service, the tests and the docs' worked example.
 */
import type { AgencyKind } from './agency';
import { ATTACHMENT4_KEYS, type Attachment4Counts, type Attachment4Key } from './attachment4';
import { CITY_UNIT, type InspectingUnit } from './districts';

export interface Attachment4Period {
  from: string;
  to: string;
}

export interface A4Agency {
  id: string;
  name: string;
  /** Where it is registered (forms/districts.ts). */
  district: string;
  kind: AgencyKind;
}

export type A4Check = '是' | '否' | '—';

export interface A4Person {
  id: string;
  practising: A4Check;
  education: A4Check;
  title: A4Check;
  disclosureCancelled: boolean;
  qualificationRevoked: boolean;
}

/** One 附件2 checklist of an agency: the current one, or one it replaced (kept with its roster). */
export interface A4Checklist {
  agencyId: string;
  filledOn: string;
  current: boolean;
  meetsRequirements: '是' | '否' | '';
  resourceRectifiedOn: string;
  resourceRectifiedNote: string;
  personnelRectifiedOn: string;
  personnelRectifiedNote: string;
  persons: readonly A4Person[];
}

/** The day (Asia/Shanghai) an agency's 附件1 self-check was last reviewed. */
export interface A4SelfCheck {
  agencyId: string;
  reviewedOn: string;
}

export type A4Severity = '一般问题' | '违法违规行为' | '严重事故隐患';

export interface A4Finding {
  id: string;
  severity: A4Severity;
  description: string;
  directiveNo: string;
  caseNo: string;
  rectification: string;
  closedOn: string | null;
}

/** An inspection as its latest signed revision has it. */
export interface A4Inspection {
  id: string;
  agencyId: string;
  kind: 'agency' | 'exam';
  inspectedOn: string;
  /** Null on revisions signed before the record named its unit: they count only for 市局. */
  inspectingUnit: string | null;
  spotCheck: boolean;
  findings: readonly A4Finding[];
}

export interface A4Records {
  agencies: readonly A4Agency[];
  checklists: readonly A4Checklist[];
  selfChecks: readonly A4SelfCheck[];
  inspections: readonly A4Inspection[];
}

/**
 * The ids of the records behind each number: agencies for the checklist-side agency counts,
 * persons for the person counts, inspections for the inspected-agency counts (every counted
 * inspection of those agencies), findings for the violation, directive and penalty counts.
 */
export type Attachment4Trace = Record<Attachment4Key, string[]>;

export const TRACE_KIND: Record<Attachment4Key, 'agency' | 'person' | 'inspection' | 'finding'> = {
  selfCheckAgencies: 'agency',
  personnelChecked: 'person',
  practisingProblems: 'person',
  disclosureCancelled: 'person',
  educationProblems: 'person',
  educationRevoked: 'person',
  titleProblems: 'person',
  titleRevoked: 'person',
  resourceShortAgencies: 'agency',
  resourceShortRectified: 'agency',
  personnelProblemAgencies: 'agency',
  personnelProblemRectified: 'agency',
  inspectedAgencies: 'inspection',
  spotCheckAgencies: 'inspection',
  violationAgencies: 'finding',
  directives: 'finding',
  penalties: 'finding',
  examInstitutionsInspected: 'inspection',
};

export interface Attachment4Figures {
  counts: Attachment4Counts;
  trace: Attachment4Trace;
}

/** Severities that make an agency one 存在违法违规行为. */
export const VIOLATION_SEVERITIES: readonly A4Severity[] = ['违法违规行为', '严重事故隐患'];

export function inPeriod(day: string, p: Attachment4Period): boolean {
  return day !== '' && day >= p.from && day <= p.to;
}

/** Rectification counts when it is recorded as complete on or before the period's end. */
export function rectifiedBy(day: string, p: Attachment4Period): boolean {
  return day !== '' && day <= p.to;
}

export function inUnitJurisdiction(unit: InspectingUnit, agency: Pick<A4Agency, 'district'>): boolean {
  return unit === CITY_UNIT || agency.district === unit;
}

export function madeByUnit(unit: InspectingUnit, inspection: Pick<A4Inspection, 'inspectingUnit'>): boolean {
  return unit === CITY_UNIT || inspection.inspectingUnit === unit;
}

/** Each agency's latest checklist filed in the period: the latest 填报日期, the current one on a tie. */
export function pickChecklists(checklists: readonly A4Checklist[], period: Attachment4Period): Map<string, A4Checklist> {
  const picked = new Map<string, A4Checklist>();
  for (const c of checklists) {
    if (!inPeriod(c.filledOn, period)) continue;
    const had = picked.get(c.agencyId);
    if (!had || c.filledOn > had.filledOn || (c.filledOn === had.filledOn && c.current)) picked.set(c.agencyId, c);
  }
  return picked;
}

export function hasPersonnelProblem(p: A4Person): boolean {
  return p.practising === '否' || p.education === '否' || p.title === '否';
}

/** The inspections U's report counts in the period. */
export function countedInspections(records: A4Records, unit: InspectingUnit, period: Attachment4Period): A4Inspection[] {
  return records.inspections.filter((i) => madeByUnit(unit, i) && inPeriod(i.inspectedOn, period));
}

export function computeAttachment4(records: A4Records, unit: InspectingUnit, period: Attachment4Period): Attachment4Figures {
  const trace = Object.fromEntries(ATTACHMENT4_KEYS.map((k) => [k, [] as string[]])) as Attachment4Trace;
  const agencies = new Map(records.agencies.map((a) => [a.id, a]));
  const inScope = (agencyId: string) => {
    const a = agencies.get(agencyId);
    return a !== undefined && inUnitJurisdiction(unit, a);
  };

  const picked = pickChecklists(
    records.checklists.filter((c) => inScope(c.agencyId)),
    period,
  );
  const selfChecked = new Set(picked.keys());
  for (const s of records.selfChecks) if (inScope(s.agencyId) && inPeriod(s.reviewedOn, period)) selfChecked.add(s.agencyId);
  trace.selfCheckAgencies.push(...selfChecked);

  for (const c of picked.values()) {
    for (const p of c.persons) {
      trace.personnelChecked.push(p.id);
      if (p.practising === '否') {
        trace.practisingProblems.push(p.id);
        if (p.disclosureCancelled) trace.disclosureCancelled.push(p.id);
      }
      if (p.education === '否') {
        trace.educationProblems.push(p.id);
        if (p.qualificationRevoked) trace.educationRevoked.push(p.id);
      }
      if (p.title === '否') {
        trace.titleProblems.push(p.id);
        if (p.qualificationRevoked) trace.titleRevoked.push(p.id);
      }
    }
    if (c.meetsRequirements === '否') {
      trace.resourceShortAgencies.push(c.agencyId);
      if (rectifiedBy(c.resourceRectifiedOn, period)) trace.resourceShortRectified.push(c.agencyId);
    }
    if (c.persons.some(hasPersonnelProblem)) {
      trace.personnelProblemAgencies.push(c.agencyId);
      if (rectifiedBy(c.personnelRectifiedOn, period)) trace.personnelProblemRectified.push(c.agencyId);
    }
  }

  const counted = countedInspections(records, unit, period);
  const distinct = new Map<Attachment4Key, Set<string>>([
    ['inspectedAgencies', new Set()],
    ['spotCheckAgencies', new Set()],
    ['violationAgencies', new Set()],
    ['examInstitutionsInspected', new Set()],
  ]);
  for (const i of counted) {
    if (i.kind === 'exam') {
      distinct.get('examInstitutionsInspected')?.add(i.agencyId);
      trace.examInstitutionsInspected.push(i.id);
    } else {
      distinct.get('inspectedAgencies')?.add(i.agencyId);
      trace.inspectedAgencies.push(i.id);
      if (i.spotCheck) {
        distinct.get('spotCheckAgencies')?.add(i.agencyId);
        trace.spotCheckAgencies.push(i.id);
      }
    }
    for (const f of i.findings) {
      // 发现存在违法违规行为的「检验检测机构」: a 考试机构's violation is listed, not counted here.
      if (i.kind === 'agency' && VIOLATION_SEVERITIES.includes(f.severity)) {
        distinct.get('violationAgencies')?.add(i.agencyId);
        trace.violationAgencies.push(f.id);
      }
      if (f.directiveNo !== '') trace.directives.push(f.id);
      if (f.caseNo !== '') trace.penalties.push(f.id);
    }
  }

  for (const k of ATTACHMENT4_KEYS) trace[k].sort();
  const counts = Object.fromEntries(
    ATTACHMENT4_KEYS.map((k) => [k, distinct.get(k)?.size ?? trace[k].length]),
  ) as Attachment4Counts;
  return { counts, trace };
}
