import { z } from 'zod';
import { DISTRICTS } from '../../forms/districts';
import { emptyInput } from './common';
import { method } from './define';

/**
 * What this installation is: an inspector's laptop (the default), or a bureau desk — a
 * 区局 (one district, or 临港新片区) or 市局 (the whole city) — that pulls the bundles of its
 * scope from the receiver and reviews them. The receiver grants the scope at approval; the
 * local role says what this installation asks for and shows.
 */
export const deviceRoleSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('inspector') }),
  z.strictObject({ role: z.literal('district'), district: z.enum(DISTRICTS, { error: '请选择区局所在的区（或临港新片区）' }) }),
  z.strictObject({ role: z.literal('city') }),
]);
export type DeviceRole = z.infer<typeof deviceRoleSchema>;

export const DEVICE_ROLE_LABELS = { inspector: '检查人员', district: '区局审核端', city: '市局审核端' } as const;

export function deviceRoleLabel(r: DeviceRole): string {
  return r.role === 'district' ? `${r.district}市场监管局审核端` : DEVICE_ROLE_LABELS[r.role];
}

export const roleContract = {
  'role/get': method({
    summary: '本机角色：检查人员、区局或市局审核端',
    input: emptyInput,
    output: deviceRoleSchema,
  }),
  'role/set': method({
    summary: '设置本机角色',
    input: deviceRoleSchema,
    output: deviceRoleSchema,
  }),
} as const;
