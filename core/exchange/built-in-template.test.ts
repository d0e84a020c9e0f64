/**
 * The built-in scoring template cannot be replaced by an import, alone or in a batch, and
 * nothing the import learns about templates outlives the savepoint of a refused file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE } from '../../forms/scoring-template';
import { forgeBundle } from '../../test/support/forge-bundle';
import { totalledOtherwise } from '../../test/support/exchange';
import { BUREAU_PROFILE, makeSignedInspection } from '../../test/support/signed-inspection';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { deviceKey } from '../domain/device-key';
import { loadTemplate } from '../domain/templates';

let laptop: TempApp;
let bureau: TempApp;
let text: string;

beforeEach(async () => {
  laptop = openTempApp({ today: '2026-11-27' });
  bureau = openTempApp({ today: '2026-11-28' });
  await bureau.ok('profile/save', BUREAU_PROFILE);
  const { inspectionId } = await makeSignedInspection(laptop);
  const out = await laptop.ok('bundles/export', { inspectionIds: [inspectionId] });
  text = out.files[0]?.text ?? '';
  const enrollment = await laptop.ok('keys/exportEnrollment', {});
  await bureau.ok('bundles/trustEnrollment', { text: enrollment.text });
});
afterEach(() => {
  laptop.dispose();
  bureau.dispose();
});

/** The same bundle, signed by the laptop's key, carrying another body for the built-in template. */
function withAlteredBuiltIn(bundle: string): string {
  const parsed = JSON.parse(bundle) as {
    header: Record<string, unknown>;
    payload: { inspections: { template: { id: string; version: string; name: string; body: string } }[] };
  };
  const t = parsed.payload.inspections[0]?.template;
  if (!t || t.id !== DEFAULT_TEMPLATE.id) throw new Error('the sample is not scored with the built-in template');
  const body = JSON.parse(t.body) as { name: string; items: { no: number; max: number }[] };
  body.name = '被改动的评分模板';
  t.body = JSON.stringify(body);
  const { payloadSha256: _hash, bundleId: _id, ...header } = parsed.header;
  return forgeBundle({ header, payload: parsed.payload }, deviceKey(laptop.ctx));
}

describe('the built-in scoring template', () => {
  it('is not replaced by a bundle that carries another body for it, in a fresh folder', async () => {
    const { results } = await bureau.ok('bundles/import', { files: [{ name: 'altered.ducha.json', text: withAlteredBuiltIn(text) }] });
    expect(results[0]?.outcome).toBe('refused');
    expect(results[0]?.reason).toMatch(/内置评分模板/);
  });

  it('is not replaced in a batch after an earlier file reached the template and was rolled back', async () => {
    const files = [
      // Passes every check up to the rows, then is refused: its savepoint is rolled back.
      { name: 'a-refused.ducha.json', text: totalledOtherwise(text, deviceKey(laptop.ctx)) },
      { name: 'b-altered.ducha.json', text: withAlteredBuiltIn(text) },
      { name: 'c-genuine.ducha.json', text },
    ];
    const { results } = await bureau.ok('bundles/import', { files });
    expect(results.map((r) => r.outcome)).toEqual(['refused', 'refused', 'imported']);
    expect(results[1]?.reason).toMatch(/内置评分模板/);
    // What the bureau scores with is still the shipped template, after a reopen too.
    expect(loadTemplate(bureau.ctx, DEFAULT_TEMPLATE).name).toBe(DEFAULT_TEMPLATE.name);
    bureau.close();
    bureau = openTempApp({ dataDir: bureau.dataDir, today: '2026-11-29' });
    expect(loadTemplate(bureau.ctx, DEFAULT_TEMPLATE).name).toBe(DEFAULT_TEMPLATE.name);
    expect((await bureau.ok('bundles/import', { files: [{ name: 'again.ducha.json', text }] })).results[0]?.outcome).toBe('duplicate');
  });
});
