/** The installation's role (core/contract/role.ts), read where behaviour depends on it. */
import { deviceRoleSchema, type DeviceRole } from '../contract/role';
import type { ServiceContext } from '../context';
import { getSetting, SETTING_KEYS } from '../../db/repositories/settings';

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
