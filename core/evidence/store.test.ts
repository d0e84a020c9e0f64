/**
 * The evidence store on disk: a file's name is the SHA-256 of its bytes, checked on
 * every read, and the temporary files of writes killed half-way are cleared away.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../bundle/canonical';
import { temporaryPathFor } from '../../lib/atomic-write';
import { AppError } from '../../lib/errors';
import { jpegHeaderOnly, TINY_PNG_BASE64 } from '../../test/support/images';
import { makeSignedInspection } from '../../test/support/signed-inspection';
import { openTempApp, tempDir, type TempApp } from '../../test/support/temp-app';
import { blobPath, readBlob, removeStaleTemporaryFiles, STALE_TEMPORARY_MS, storeBlob } from './store';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) fs.rmSync(f, { recursive: true, force: true });
});

function folder(): string {
  const dir = tempDir('ducha-store-');
  folders.push(dir);
  return dir;
}

/** Swaps the contents of two files, as someone with access to the data folder could. */
function swap(a: string, b: string): void {
  const bytesA = fs.readFileSync(a);
  fs.writeFileSync(a, fs.readFileSync(b));
  fs.writeFileSync(b, bytesA);
}

const relative = (dataDir: string, file: string) => path.relative(dataDir, file).split(path.sep).join('/');

describe('removeStaleTemporaryFiles', () => {
  it('removes what a killed write left, keeping the blobs and a write still under way', async () => {
    const dataDir = folder();
    const png = Buffer.from(TINY_PNG_BASE64, 'base64');
    const sha = storeBlob(dataDir, png, 'image/png');
    const blob = blobPath(dataDir, sha, 'image/png');
    // The very names lib/atomic-write.ts writes to before its rename.
    const jpeg = jpegHeaderOnly(16, 16);
    const killed = temporaryPathFor(blobPath(dataDir, sha256Hex(jpeg), 'image/jpeg'));
    fs.mkdirSync(path.dirname(killed), { recursive: true });
    fs.writeFileSync(killed, jpeg.subarray(0, 10));
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    fs.utimesSync(killed, hourAgo, hourAgo);
    const underWay = temporaryPathFor(blob);
    fs.writeFileSync(underWay, png.subarray(0, 10));
    // Not a temporary name of this store: left alone.
    const other = path.join(path.dirname(blob), 'notes.partial');
    fs.writeFileSync(other, 'x');
    fs.utimesSync(other, hourAgo, hourAgo);

    expect(await removeStaleTemporaryFiles(dataDir)).toBe(1);
    expect(fs.existsSync(killed)).toBe(false);
    expect(fs.existsSync(underWay)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
    expect(readBlob(dataDir, sha)?.bytes.equals(png)).toBe(true);
    // Once it is old enough, the next start clears it too.
    expect(await removeStaleTemporaryFiles(dataDir, Date.now() + STALE_TEMPORARY_MS + 1000)).toBe(1);
    expect(fs.existsSync(underWay)).toBe(false);
    expect(fs.existsSync(blob)).toBe(true);
  });

  it('is quiet about a data folder without evidence', async () => {
    expect(await removeStaleTemporaryFiles(folder())).toBe(0);
    expect(await removeStaleTemporaryFiles(path.join(folder(), 'missing'))).toBe(0);
  });
});

describe('readBlob', () => {
  it('checks that the bytes hash to the name, naming the file that was changed on disk', () => {
    const dataDir = folder();
    const a = storeBlob(dataDir, jpegHeaderOnly(16, 16), 'image/jpeg');
    const b = storeBlob(dataDir, jpegHeaderOnly(32, 32), 'image/jpeg');
    swap(blobPath(dataDir, a, 'image/jpeg'), blobPath(dataDir, b, 'image/jpeg'));
    let caught: unknown;
    try {
      readBlob(dataDir, a);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: 'INTEGRITY' });
    expect((caught as AppError).message).toContain(relative(dataDir, blobPath(dataDir, a, 'image/jpeg')));
    expect((caught as AppError).message).toContain('被改动或替换');
    expect(readBlob(dataDir, 'f'.repeat(64))).toBeNull();
  });
});

describe('files changed on disk, as the app meets them', () => {
  let app: TempApp;
  let inspectionId: string;
  let photoSha256: string;
  beforeEach(async () => {
    app = openTempApp({ today: '2026-11-27' });
    ({ inspectionId, photoSha256 } = await makeSignedInspection(app));
  });
  afterEach(() => app.dispose());

  it('evidence/image and export give INTEGRITY naming the file, not an internal error', async () => {
    const [photo] = await app.ok('evidence/list', { inspectionId });
    if (!photo) throw new Error('no photo');
    const photoFile = blobPath(app.dataDir, photoSha256, 'image/jpeg');
    swap(photoFile, blobPath(app.dataDir, photo.thumbSha256, 'image/jpeg'));

    const shown = await app.fail('evidence/image', { sha256: photoSha256 });
    expect(shown).toMatchObject({ code: 'INTEGRITY', path: 'sha256' });
    expect(shown.message).toContain(relative(app.dataDir, photoFile));

    const exported = await app.fail('bundles/export', { inspectionIds: [inspectionId] });
    expect(exported).toMatchObject({ code: 'INTEGRITY', path: 'inspectionIds' });
    expect(exported.message).toContain('「上海申𠮷检测有限公司 2026-11-27」第 1 版');
    expect(exported.message).toMatch(/evidence\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg/);
    // Nothing was marked 已提交 by the export that failed.
    expect((await app.ok('inspections/list', {}))[0]?.status).toBe('signed');
  });

  it('printing gives INTEGRITY naming the swapped signature image, and pdf verify no longer vouches for it', async () => {
    const printed = await app.ok('pdf/render', { inspectionId, form: 'attachment3' });
    const [signature] = await app.ok('signatures/list', { inspectionId });
    if (!signature) throw new Error('no signature');
    // Another PNG in the store, its content swapped with the signature's.
    const otherPng = Buffer.concat([Buffer.from(TINY_PNG_BASE64, 'base64'), Buffer.from('another signature')]);
    const other = storeBlob(app.dataDir, otherPng, 'image/png');
    const signatureFile = blobPath(app.dataDir, signature.imageSha256, 'image/png');
    swap(signatureFile, blobPath(app.dataDir, other, 'image/png'));

    const err = await app.fail('pdf/render', { inspectionId, form: 'attachment3' });
    expect(err.code).toBe('INTEGRITY');
    expect(err.message).toContain(relative(app.dataDir, signatureFile));
    expect(err.message).toContain('王春艳的签名图片');
    const verified = await app.ok('pdf/verify', { base64: printed.base64 });
    expect(verified).toMatchObject({ ok: false, revision: 1 });
    expect(verified.ok ? '' : verified.reason).toContain(relative(app.dataDir, signatureFile));
  }, 60_000);
});
