/** `ducha demo seed` adds rosters and reviews once, through the API. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { seedDemo } from './seed';
import { seedDemoPersonnel } from './personnel';

let app: TempApp;
beforeEach(() => {
  app = openTempApp({ today: '2024-07-20' });
});
afterEach(() => app.dispose());

describe('demo personnel', () => {
  it('gives every inspection agency a roster of 8–30 people and two agencies a self-check review', async () => {
    await seedDemo(app);
    const agencies = await app.ok('agencies/list', {});
    const sizes = new Map<string, number>();
    let reviewed = 0;
    for (const a of agencies) {
      const c = await app.ok('personnel/get', { agencyId: a.id });
      sizes.set(a.kind, (sizes.get(a.kind) ?? 0) + c.persons.length);
      if (a.kind !== '考试机构') {
        expect(c.persons.length).toBeGreaterThanOrEqual(8);
        expect(c.persons.length).toBeLessThanOrEqual(30);
        expect(c.summary.filledBy).not.toBe('');
      }
      if ((await app.ok('selfcheck/get', { agencyId: a.id })).progress.reviewed > 0) reviewed++;
    }
    expect(sizes.get('考试机构')).toBe(0);
    expect(reviewed).toBe(2);
    for (const name of ['王喆', '李堃', '张龑', '𠮷田花子']) {
      expect((await app.ok('personnel/search', { query: name })).length).toBeGreaterThan(0);
    }
    const problems = await Promise.all(agencies.map((a) => app.ok('personnel/get', { agencyId: a.id })));
    expect(problems.reduce((n, c) => n + c.counts.anyProblem, 0)).toBeGreaterThanOrEqual(5);
  });

  it('adds nothing the second time', async () => {
    await seedDemo(app);
    expect(await seedDemoPersonnel(app)).toEqual({ rostersAdded: 0, personsAdded: 0, selfChecksAdded: 0 });
  });
});
