import type { Actor } from '../audit/chain';
import type { ParsedInputOf } from '../contract';
import type { Profile } from '../contract/profile';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { statement } from '../../db/statements';

const KEY = 'profile';

/** Stands in for the inspector until a profile is set (the UI asks at first start). */
export const UNKNOWN_ACTOR: Actor = { name: '未设置检查人员', badgeNo: '', unit: '' };

export function readProfile(ctx: ServiceContext): Profile | null {
  const row = statement(ctx.store.sqlite, 'SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    return JSON.parse(row.value) as Profile;
  } catch {
    return null;
  }
}

/** Who is making a change right now. */
export function currentActor(ctx: ServiceContext): Actor {
  return readProfile(ctx) ?? UNKNOWN_ACTOR;
}

export function get(_input: ParsedInputOf<'profile/get'>, ctx: ServiceContext): Profile | null {
  return readProfile(ctx);
}

export function save(input: ParsedInputOf<'profile/save'>, ctx: ServiceContext): Profile {
  ctx.store.sqlite
    .prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(KEY, JSON.stringify(input), nowIso());
  return input;
}
