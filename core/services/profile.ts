/** profile/*: the inspector profile of this installation (core/domain/actor reads it). */
import type { ParsedInputOf } from '../contract';
import type { Profile } from '../contract/profile';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { SETTING_KEYS, putSetting } from '../../db/repositories/settings';
import { readProfile } from '../domain/actor';

export function get(_input: ParsedInputOf<'profile/get'>, ctx: ServiceContext): Profile | null {
  return readProfile(ctx);
}

export function save(input: ParsedInputOf<'profile/save'>, ctx: ServiceContext): Profile {
  putSetting(ctx.store.db, SETTING_KEYS.profile, JSON.stringify(input), nowIso());
  return input;
}
