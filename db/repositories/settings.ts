/**
 * The settings table: one value per key (the inspector profile, the signing algorithm,
 * the default scoring template). The one place that reads and writes it.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../open';
import { settings } from '../schema';
import { perConnection } from '../statements';

export const SETTING_KEYS = {
  profile: 'profile',
  signatureAlg: 'bundle.signatureAlg',
  defaultTemplate: 'scoring.defaultTemplate',
  deviceRole: 'device.role',
} as const;
export type SettingKey = (typeof SETTING_KEYS)[keyof typeof SETTING_KEYS];

// The profile is read on every audited edit (who made it), so the read is prepared once.
const queries = perConnection((db: Db) => ({
  get: db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, sql.placeholder('key')))
    .prepare(),
}));

export function getSetting(db: Db, key: SettingKey): string | undefined {
  return queries(db).get.get({ key })?.value;
}

export function putSetting(db: Db, key: SettingKey, value: string, now: string): void {
  db.insert(settings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
    .run();
}
