/**
 * keys/*: show this device's keys, choose the signing algorithm, export the enrollment
 * request a bureau trusts. The keys themselves are core/domain/device-key's.
 */
import fs from 'node:fs';
import { buildEnrollmentRequest } from '../../bundle/enrollment';
import { bundleAlgOf, keyAlgOf } from '../../bundle/format';
import { keyFilePath } from '../../bundle/key-file';
import { KEY_ALGS, type DeviceKey, type KeyAlg } from '../../bundle/keys';
import { parseSafeJson } from '../../bundle/safe-json';
import { SETTING_KEYS, putSetting } from '../../db/repositories/settings';
import { AppError } from '../../lib/errors';
import { safeFileNamePart } from '../../lib/file-name';
import type { OutputOf, ParsedInputOf } from '../contract';
import type { PublicKeyInfo } from '../contract/keys';
import type { ServiceContext } from '../context';
import { actorOf, readProfile } from '../domain/actor';
import { deviceKey, existingKey, keyDir } from '../domain/device-key';
import { nowIso } from '../ids';

function protectionOf(ctx: ServiceContext, alg: KeyAlg): PublicKeyInfo['protection'] {
  try {
    const parsed = parseSafeJson(fs.readFileSync(keyFilePath(keyDir(ctx, alg))), { maxBytes: 64 * 1024 });
    return parsed.ok && (parsed.value as { protection?: unknown }).protection === 'protector' ? 'os' : 'file';
  } catch {
    return 'file';
  }
}

function infoOf(ctx: ServiceContext, key: DeviceKey): PublicKeyInfo {
  return { alg: bundleAlgOf(key.alg), keyId: key.keyId, publicKey: key.publicKey, fingerprint: key.fingerprint, protection: protectionOf(ctx, key.alg) };
}

export function show(_input: ParsedInputOf<'keys/show'>, ctx: ServiceContext): OutputOf<'keys/show'> {
  const current = deviceKey(ctx);
  const keys = KEY_ALGS.map((alg) => (alg === current.alg ? current : existingKey(ctx, alg))).filter((k): k is DeviceKey => k !== null);
  return { current: infoOf(ctx, current), keys: keys.map((k) => infoOf(ctx, k)) };
}

export function setAlg(input: ParsedInputOf<'keys/setAlg'>, ctx: ServiceContext): OutputOf<'keys/setAlg'> {
  const alg = keyAlgOf(input.alg);
  // Make (or load) the key first: a key that cannot be made must not become the choice.
  deviceKey(ctx, alg);
  putSetting(ctx.store.db, SETTING_KEYS.signatureAlg, alg, nowIso());
  return show({}, ctx);
}

export function exportEnrollment(_input: ParsedInputOf<'keys/exportEnrollment'>, ctx: ServiceContext): OutputOf<'keys/exportEnrollment'> {
  const profile = readProfile(ctx);
  if (!profile) {
    throw new AppError('FORBIDDEN', '请先在「设置」中填写本机检查人员信息（姓名、执法证号、单位），登记申请要写明这些信息。', 'profile');
  }
  const key = deviceKey(ctx);
  const text = buildEnrollmentRequest({ inspector: actorOf(profile), appVersion: ctx.appVersion }, key);
  return {
    fileName: `设备密钥登记_${safeFileNamePart(profile.name, 20)}_${key.keyId}.json`,
    text,
    fingerprint: key.fingerprint,
    keyId: key.keyId,
  };
}
