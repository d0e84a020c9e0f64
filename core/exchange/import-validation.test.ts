/**
 * A bundle signed by a TRUSTED key is still held to the rules of a record typed in
 * here: each forged payload below is re-signed with the laptop's own (trusted) key, so
 * only the importer's record schemas (payload.ts) stand between it and the database.
 * Each is refused, naming the record and field, and leaves nothing behind: no row but
 * its line in the import log, no file in the evidence store. What it says is the first
 * issue of the payload's schema, in describePayloadIssue's words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../bundle/canonical';
import { forgeBundle } from '../../test/support/forge-bundle';
import { snapshotOf, type Snapshot } from '../../test/support/exchange';
import { TINY_PNG_BASE64 } from '../../test/support/images';
import { BUREAU_PROFILE, makeSignedInspection } from '../../test/support/signed-inspection';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { deviceKey } from '../domain/device-key';
import { appPayloadSchema, describePayloadIssue } from './payload';

interface Parsed {
  header: Record<string, unknown>;
  payload: {
    agencies: Record<string, unknown>[];
    inspections: (Record<string, unknown> & { audit: Record<string, unknown>[]; revisions: Record<string, unknown>[] })[];
    evidence: { sha256: string; mediaType: string; base64: string }[];
    evidenceParts?: { parts: number; sha256: string[] };
    partOf?: { bundleId: string; part: number; parts: number };
  };
}

let laptop: TempApp;
let bureau: TempApp;
let inspectionId: string;
let photoSha256: string;

beforeEach(async () => {
  laptop = openTempApp({ today: '2026-11-27' });
  bureau = openTempApp({ today: '2026-11-28' });
  await bureau.ok('profile/save', BUREAU_PROFILE);
  ({ inspectionId, photoSha256 } = await makeSignedInspection(laptop));
  const enrollment = await laptop.ok('keys/exportEnrollment', {});
  await bureau.ok('bundles/trustEnrollment', { text: enrollment.text });
});
afterEach(() => {
  laptop.dispose();
  bureau.dispose();
});

async function exported(split = false): Promise<Parsed[]> {
  const out = await laptop.ok('bundles/export', { inspectionIds: [inspectionId], splitEvidence: split });
  return out.files.map((f) => JSON.parse(f.text ?? '') as Parsed);
}

/** The bundle with its payload changed, signed again (new id) by the laptop's trusted key. */
function forged(parsed: Parsed): string {
  const { payloadSha256: _hash, bundleId: _id, ...header } = parsed.header;
  return forgeBundle({ header, payload: parsed.payload }, deviceKey(laptop.ctx));
}

function expectUnchanged(before: Snapshot, after: Snapshot): void {
  expect(after.rows).toBe(before.rows);
  expect(after.files).toEqual(before.files);
  expect({ ...after.counts, bundle_imports: 0 }).toEqual({ ...before.counts, bundle_imports: 0 });
  expect(after.counts.bundle_imports).toBe((before.counts.bundle_imports ?? 0) + 1);
}

/** Imports the forged bundle, expects it refused at `field` with nothing changed; returns the issue in words. */
async function expectRefused(parsed: Parsed, field: RegExp): Promise<string> {
  const before = snapshotOf(bureau);
  const { results } = await bureau.ok('bundles/import', { files: [{ name: 'forged.ducha.json', text: forged(parsed) }] });
  const r = results[0];
  expect(r?.outcome).toBe('refused');
  expect(r?.reason).toMatch(field);
  expectUnchanged(before, snapshotOf(bureau));
  const issue = appPayloadSchema.safeParse(parsed.payload).error?.issues[0];
  if (!issue) throw new Error('the schema accepts it');
  const described = describePayloadIssue(parsed.payload, issue);
  expect(described).toMatch(field);
  return described;
}

const agency = (p: Parsed) => p.payload.agencies[0] as Record<string, unknown>;
const inspection = (p: Parsed) => p.payload.inspections[0] as Parsed['payload']['inspections'][number];

describe('a bundle from a trusted key is checked like input typed here', () => {
  it('the forged bundles below differ from a genuine one only in what they change', async () => {
    const [genuine] = await exported();
    if (!genuine) throw new Error('no bundle');
    const { results } = await bureau.ok('bundles/import', { files: [{ name: 'genuine.ducha.json', text: forged(genuine) }] });
    expect(results[0]?.outcome).toBe('imported');
  });

  it('refuses a credit code that is not a GB 32100 code, or not written as the app stores it', async () => {
    const [p] = await exported();
    if (!p) throw new Error('no bundle');
    const code = agency(p).creditCode as string;
    agency(p).creditCode = "' OR 1=1 --";
    expect(await expectRefused(p, /payload\.agencies\.0\.creditCode/)).toBe(
      '机构「上海申𠮷检测有限公司」：统一社会信用代码应为 18 位，当前为 11 位（字段 payload.agencies.0.creditCode）',
    );
    agency(p).creditCode = `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`;
    await expectRefused(p, /payload\.agencies\.0\.creditCode/);
    // Valid once normalised, but the app would have stored it in upper case without the spaces.
    agency(p).creditCode = ` ${code.toLowerCase()} `;
    await expectRefused(p, /payload\.agencies\.0\.creditCode/);
  });

  it('refuses times that are not ISO date-times as the app records them', async () => {
    const [p] = await exported();
    if (!p) throw new Error('no bundle');
    const updatedAt = agency(p).updatedAt;
    agency(p).updatedAt = '~~~~';
    expect(await expectRefused(p, /payload\.agencies\.0\.updatedAt/)).toContain('机构「上海申𠮷检测有限公司」的修改时间：应为督查台记录的时间');
    agency(p).updatedAt = updatedAt;
    inspection(p).createdAt = '2026-11-27T10:00Z';
    await expectRefused(p, /payload\.inspections\.0\.createdAt/);
    inspection(p).createdAt = '2026-02-30T10:00:00.000Z';
    await expectRefused(p, /payload\.inspections\.0\.createdAt/);
  });

  it('refuses 已提交 without a submission time', async () => {
    const [p] = await exported();
    if (!p) throw new Error('no bundle');
    expect(inspection(p).status).toBe('submitted');
    inspection(p).submittedAt = null;
    expect(await expectRefused(p, /payload\.inspections\.0\.submittedAt/)).toContain('「上海申𠮷检测有限公司 2026-11-27」的检查（数据包中第 1 项检查）的提交时间：状态为已提交，却没有提交时间');
  });

  it('writes no file that no revision refers to, even a valid-looking image', async () => {
    const [p] = await exported();
    if (!p) throw new Error('no bundle');
    // A PNG signature (magic and IHDR chunk), then a shell script.
    const png = Buffer.from(TINY_PNG_BASE64, 'base64').subarray(0, 33);
    const bytes = Buffer.concat([png, Buffer.from('\n#!/bin/sh\nrm -rf ~\n')]);
    p.payload.evidence.push({ sha256: sha256Hex(bytes), mediaType: 'image/png', base64: bytes.toString('base64') });
    const reason = await expectRefused(p, /payload\.evidence\.3\.sha256/);
    expect(reason).toContain('没有被数据包中任何检查记录的任何版本引用');
  });

  it('refuses a file filed under a type its part in the record does not have', async () => {
    const [p] = await exported();
    if (!p) throw new Error('no bundle');
    const photo = p.payload.evidence.find((e) => e.sha256 === photoSha256);
    if (!photo) throw new Error('no photo');
    photo.mediaType = 'image/png';
    await expectRefused(p, /payload\.evidence\.\d\.mediaType/);
  });

  it('bounds and checks the parts of a split export', async () => {
    const [records, part] = await exported(true);
    if (!records?.payload.evidenceParts || !part?.payload.partOf) throw new Error('no split');
    records.payload.evidenceParts.parts = 1e15;
    await expectRefused(records, /payload\.evidenceParts\.parts/);
    records.payload.evidenceParts.parts = 4; // More parts than the 3 files.
    await expectRefused(records, /payload\.evidenceParts\.parts/);
    part.payload.partOf.part = 5;
    part.payload.partOf.parts = 2;
    await expectRefused(part, /payload\.partOf\.part/);
  });

  it('bounds the values of an audit entry', async () => {
    const [p] = await exported();
    if (!p) throw new Error('no bundle');
    const entry = inspection(p).audit[1] as Record<string, unknown>;
    entry.newValue = { problem: 'x'.repeat(1024 * 1024) };
    const reason = await expectRefused(p, /payload\.inspections\.0\.audit\.1\.newValue/);
    expect(reason).toContain('上限 64 KB');
  });

  it('holds text to the limits and rules of the screens that type it', async () => {
    const [p] = await exported();
    if (!p) throw new Error('no bundle');
    const address = agency(p).address;
    agency(p).address = '上'.repeat(201);
    await expectRefused(p, /payload\.agencies\.0\.address/);
    agency(p).address = address;
    agency(p).legalRepPhone = '拨打 110';
    await expectRefused(p, /payload\.agencies\.0\.legalRepPhone/);
    agency(p).legalRepPhone = '';
    inspection(p).type = '随便看看';
    await expectRefused(p, /payload\.inspections\.0\.type/);
    inspection(p).type = '专项监督检查';
    (inspection(p).audit[0] as { actor: { name: string } }).actor.name = '王'.repeat(51);
    await expectRefused(p, /payload\.inspections\.0\.audit\.0\.actor\.name/);
  });
});
