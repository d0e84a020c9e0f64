/**
 * Who is working on this installation: the inspector profile set at first start.
 * Every audited change, signature and bundle names this actor.
 */
import { unitFromName, type InspectingUnit } from '../../forms/districts';
import type { Actor } from '../audit/chain';
import type { Profile } from '../contract/profile';
import type { ServiceContext } from '../context';
import { SETTING_KEYS, getSetting } from '../../db/repositories/settings';

/** Stands in for the inspector until a profile is set (the UI asks at first start). */
export const UNKNOWN_ACTOR: Actor = { name: '未设置检查人员', badgeNo: '', unit: '' };

export function readProfile(ctx: ServiceContext): Profile | null {
  const value = getSetting(ctx.store.db, SETTING_KEYS.profile);
  if (value === undefined) return null;
  try {
    return JSON.parse(value) as Profile;
  } catch {
    return null;
  }
}

/** The unit this inspector's inspections are made for: chosen in the profile, else read from 所在单位. */
export function profileUnit(ctx: ServiceContext): InspectingUnit | null {
  const profile = readProfile(ctx);
  if (!profile) return null;
  return profile.inspectingUnit ?? unitFromName(profile.unit);
}

/**
 * The three facts that name a person on every record that leaves the machine — audit
 * entries, signatures, bundles, enrollments. The profile holds more (phone, unit chosen from
 * the list); those stay local, and the signed formats, which refuse fields they do not know,
 * never see them.
 */
export function actorOf(profile: Profile): Actor {
  return { name: profile.name, badgeNo: profile.badgeNo, unit: profile.unit };
}

/** Who is making a change right now. */
export function currentActor(ctx: ServiceContext): Actor {
  const profile = readProfile(ctx);
  return profile ? actorOf(profile) : UNKNOWN_ACTOR;
}
