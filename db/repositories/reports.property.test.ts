/**
 * The SQL figures of 附件4 equal the plain definition (forms/attachment4-figures.ts) on any
 * records: random agencies, checklists (current and kept), rosters, self-check reviews,
 * inspections with amendments and drafts, random unit and period.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAttachment4, type A4Checklist, type A4Inspection, type A4Records } from '../../forms/attachment4-figures';
import { composeProblemList } from '../../forms/attachment4-problems';
import type { InspectingUnit } from '../../forms/districts';
import { openStore } from '../open';
import { tempDir } from '../../test/support/temp-app';
import { writeAgency, writeChecklist, writeInspection, writeSelfChecks } from '../../test/support/report-records';
import { attachment4Counts, attachment4Trace, problemListRecords } from './reports';

const DAYS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-15`);
const day = fc.constantFrom(...DAYS, '');
const realDay = fc.constantFrom(...DAYS);
const check = fc.constantFrom('是' as const, '否' as const, '—' as const);
const severity = fc.constantFrom('一般问题' as const, '违法违规行为' as const, '严重事故隐患' as const);
const unitOf = fc.constantFrom<InspectingUnit | null>(null, '市局', '浦东新区', '黄浦区');

const personArb = fc.record({ practising: check, education: check, title: check, disclosureCancelled: fc.boolean(), qualificationRevoked: fc.boolean() });
const checklistArb = fc.record({
  filledOn: day,
  meetsRequirements: fc.constantFrom('是' as const, '否' as const, '' as const),
  resourceRectifiedOn: day,
  personnelRectifiedOn: day,
  persons: fc.array(personArb, { maxLength: 4 }),
});
const findingArb = fc.record({ severity, directiveNo: fc.constantFrom('', 'ZL-1'), caseNo: fc.constantFrom('', 'AJ-1') });
const revisionArb = fc.record({
  kind: fc.constantFrom('agency' as const, 'exam' as const),
  inspectedOn: realDay,
  inspectingUnit: unitOf,
  spotCheck: fc.boolean(),
  findings: fc.array(findingArb, { maxLength: 3 }),
});
const agencyArb = fc.record({
  district: fc.constantFrom('浦东新区', '黄浦区', '静安区'),
  kind: fc.constantFrom('检验机构' as const, '检测机构' as const, '考试机构' as const),
  // The current checklist (its date may be blank, or the same as a kept one's) and the kept ones (distinct dates).
  current: fc.option(checklistArb, { nil: undefined }),
  kept: fc.uniqueArray(checklistArb, { maxLength: 3, selector: (c) => c.filledOn }),
  reviews: fc.array(realDay, { maxLength: 2 }),
  inspections: fc.array(fc.record({ revisions: fc.array(revisionArb, { minLength: 1, maxLength: 3 }), draft: fc.boolean() }), { maxLength: 3 }),
});

describe('附件4 SQL figures', () => {
  it('equal the plain definition on random records', () => {
    fc.assert(
      fc.property(
        fc.array(agencyArb, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<InspectingUnit>('市局', '浦东新区', '黄浦区'),
        realDay,
        realDay,
        (generated, unit, d1, d2) => {
          const period = d1 <= d2 ? { from: d1, to: d2 } : { from: d2, to: d1 };
          const records: A4Records & { agencies: A4Records['agencies'][number][]; checklists: A4Checklist[]; inspections: A4Inspection[]; selfChecks: A4Records['selfChecks'][number][] } = {
            agencies: [],
            checklists: [],
            selfChecks: [],
            inspections: [],
          };
          const writes: { inspection: A4Inspection; earlier: Omit<A4Inspection, 'id' | 'agencyId'>[]; draft: boolean }[] = [];
          generated.forEach((g, ai) => {
            const agencyId = `A${ai}`;
            records.agencies.push({ id: agencyId, name: `机构${ai}`, district: g.district, kind: g.kind });
            const all = [...(g.current ? [{ ...g.current, current: true }] : []), ...g.kept.map((c) => ({ ...c, current: false }))];
            all.forEach((c, ci) => {
              const current = c.current;
              // A kept checklist always has the date it was filed on.
              if (!current && c.filledOn === '') return;
              records.checklists.push({
                agencyId,
                current,
                filledOn: c.filledOn,
                meetsRequirements: c.meetsRequirements,
                resourceRectifiedOn: c.resourceRectifiedOn,
                resourceRectifiedNote: '',
                personnelRectifiedOn: c.personnelRectifiedOn,
                personnelRectifiedNote: '',
                persons: c.persons.map((p, pi) => ({ id: `${agencyId}-c${ci}-p${pi}`, ...p })),
              });
            });
            for (const r of g.reviews) records.selfChecks.push({ agencyId, reviewedOn: r });
            g.inspections.forEach((ins, ii) => {
              const id = `${agencyId}-i${ii}`;
              const revisions = ins.revisions.map((r, ri) => ({
                ...r,
                findings: r.findings.map((f, fi) => ({ id: `${id}-r${ri}-f${fi}`, description: '问题', rectification: '', closedOn: null, ...f })),
              }));
              const latest = revisions[revisions.length - 1];
              if (!latest) return;
              const inspection: A4Inspection = { id, agencyId, ...latest };
              writes.push({ inspection, earlier: revisions.slice(0, -1), draft: ins.draft });
              if (!ins.draft) records.inspections.push(inspection);
            });
          });

          const dir = tempDir('ducha-report-prop-');
          const store = openStore(path.join(dir, 'db.sqlite'));
          try {
            const db = store.sqlite;
            db.transaction(() => {
              for (const a of records.agencies) writeAgency(db, a);
              for (const c of records.checklists) writeChecklist(db, c);
              writeSelfChecks(db, records.selfChecks);
              for (const w of writes) writeInspection(db, w.inspection, { earlier: w.earlier, draft: w.draft });
            })();
            const scope = { unit, ...period };
            const expected = computeAttachment4(records, unit, period);
            expect(attachment4Counts(store.db, scope)).toEqual(expected.counts);
            expect(attachment4Trace(store.db, scope)).toEqual(expected.trace);
            expect(composeProblemList(problemListRecords(store.db, scope), unit, period)).toEqual(composeProblemList(records, unit, period));
          } finally {
            store.close();
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
