/**
 * A locked record is shown from its frozen revision: editing the working-copy rows
 * behind the app's back changes nothing a user sees.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSignedInspection } from '../../test/support/signed-inspection';
import { openTempApp, type TempApp } from '../../test/support/temp-app';

let app: TempApp;
let id: string;

beforeEach(async () => {
  app = openTempApp({ today: '2026-11-27' });
  ({ inspectionId: id } = await makeSignedInspection(app));
});
afterEach(() => app.dispose());

async function shown(): Promise<{ listed: number | null | undefined; sheet: number; item16: number | null | undefined }> {
  const listed = (await app.ok('inspections/list', {})).find((i) => i.id === id)?.total;
  const detail = await app.ok('inspections/get', { id });
  return { listed, sheet: detail.totals.total, item16: detail.items.find((i) => i.no === 16)?.score };
}

describe('a signed record', () => {
  it('shows the scores it was signed with after the item rows were changed by SQL', async () => {
    const signed = await shown();
    expect(signed.item16).toBe(3);
    app.ctx.store.db.$client.prepare('UPDATE inspection_items SET score = 0 WHERE inspection_id = ?').run(id);
    expect(await shown()).toEqual(signed);
  });

  it('refuses to show a revision whose text no longer makes its hash, and lists no total for it', async () => {
    const db = app.ctx.store.db.$client;
    db.exec('DROP TRIGGER revisions_immutable_update');
    db.prepare("UPDATE revisions SET canonical = replace(canonical, '\"score\":3', '\"score\":4') WHERE inspection_id = ?").run(id);
    const err = await app.fail('inspections/get', { id });
    expect(err.code).toBe('INTEGRITY');
    expect(err.message).toContain('已被改动');
    expect((await app.ok('inspections/list', {})).find((i) => i.id === id)?.total).toBeNull();
  });

  it('is edited again from its working copy once amended', async () => {
    await app.ok('inspections/amend', { id, reason: '复核第 16 项' });
    await app.ok('inspections/saveItem', { inspectionId: id, no: 16, score: 2 });
    expect((await shown()).item16).toBe(2);
  });
});
