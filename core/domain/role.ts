/** The installation's role (core/contract/role.ts), read where behaviour depends on it. */
import { deviceRoleSchema, type DeviceRole } from '../contract/role';
import type { ServiceContext } from '../context';
import { getSetting, SETTING_KEYS } from '../../db/repositories/settings';
import { latestSignedRevision } from '../../db/repositories/review-list';
import { ownKeyIds } from './device-key';

const INSPECTOR: DeviceRole = { role: 'inspector' };

export function readDeviceRole(ctx: ServiceContext): DeviceRole {
  const text = getSetting(ctx.store.db, SETTING_KEYS.deviceRole);
  if (!text) return INSPECTOR;
  try {
    const parsed = deviceRoleSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : INSPECTOR;
  } catch {
    return INSPECTOR;
  }
}

export function isDesk(role: DeviceRole): boolean {
  return role.role !== 'inspector';
}

/** The unit a desk reviews as (its district, or 市局); null for a laptop. */
export function deskUnit(role: DeviceRole): string | null {
  return role.role === 'city' ? '市局' : role.role === 'district' ? role.district : null;
}

/**
 * On a bureau desk, whether this record's latest revision was signed by another
 * installation: the desk reads it as the inspector signed it, and only the inspector
 * changes it (after a 退回补正), or the desk's copy would part from the laptop's.
 */
export function signedElsewhereOnDesk(ctx: ServiceContext, inspectionId: string): boolean {
  if (!isDesk(readDeviceRole(ctx))) return false;
  const latest = latestSignedRevision(ctx.store.db, inspectionId);
  return Boolean(latest?.sealKeyId && !ownKeyIds(ctx).has(latest.sealKeyId));
}
