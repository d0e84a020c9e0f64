/** role/*: whether this installation is an inspector's laptop or a bureau desk. */
import type { ParsedInputOf, OutputOf } from '../contract';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { SETTING_KEYS, putSetting } from '../../db/repositories/settings';
import { readDeviceRole } from '../domain/role';

export function get(_input: ParsedInputOf<'role/get'>, ctx: ServiceContext): OutputOf<'role/get'> {
  return readDeviceRole(ctx);
}

export function set(input: ParsedInputOf<'role/set'>, ctx: ServiceContext): OutputOf<'role/set'> {
  putSetting(ctx.store.db, SETTING_KEYS.deviceRole, JSON.stringify(input), nowIso());
  return input;
}
