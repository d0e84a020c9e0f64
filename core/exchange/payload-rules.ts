/**
 * The rules an incoming record is held to, shared by the payload's schemas: times in
 * the form this app stores them, each field as the screen's own schema would have
 * stored it, and the people who sign and make changes as their profile was saved.
 */
import { z } from 'zod';
import { profileSchema } from '../contract/profile';
import { UNKNOWN_ACTOR } from '../domain/actor';


const text = z.string().max(100_000);

// ---------------------------------------------------------------------------
// Times

const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by `len` ASCII digits of `s` from `at` (already matched by STORED_TIME). */
function digits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

/**
 * A time as this app stores it (core/ids.ts nowIso: Date#toISOString, UTC, milliseconds).
 * The importer decides which record is newer by comparing these texts, which orders
 * them rightly only in this one form: "~~~~" or "2026-11-27T10:00Z" would sort wrongly
 * against every real time and freeze the record where it is.
 */
export function isStoredTime(s: string): boolean {
  // Every audit entry carries one, so the calendar is checked by hand: the same verdict as
  // `new Date(s).toISOString() === s` (a property test holds them together) at a fraction
  // of its cost.
  if (!STORED_TIME.test(s)) return false;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (mo < 1 || mo > 12 || d < 1 || digits(s, 11, 2) > 23 || digits(s, 14, 2) > 59 || digits(s, 17, 2) > 59) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] as number));
}

export const time = z.string().refine(isStoredTime, { error: '应为督查台记录的时间（协调世界时，例如 2026-11-27T02:30:00.000Z）' });

// ---------------------------------------------------------------------------
// Held to the screen's rules

/** Shown value in a message: long text is cut. */
export function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  const chars = [...s];
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : s;
}

/** Where `output` differs from `input`: the schema stores blank optional text as absent, which counts as ''. */
function differences(input: unknown, output: unknown, at: PropertyKey[], out: PropertyKey[][]): void {
  if (Array.isArray(input) && Array.isArray(output)) {
    input.forEach((v, i) => differences(v, output[i], [...at, i], out));
    return;
  }
  if (typeof input === 'object' && input !== null && typeof output === 'object' && output !== null) {
    for (const [k, v] of Object.entries(input)) differences(v, (output as Record<string, unknown>)[k], [...at, k], out);
    return;
  }
  if ((output === undefined ? '' : output) !== input) out.push(at);
}

function valueAt(v: unknown, at: PropertyKey[]): unknown {
  return at.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<PropertyKey, unknown>)[k] : undefined), v);
}

/**
 * Checks `input` with a schema the screen's input goes through: its issues are reported
 * as they are (the screen's own Chinese, under `at`), and where it accepts the input but
 * would store something else, that field is reported with the value it would store.
 * True when the input is exactly what the screen would have stored.
 */
export function asTypedInApp(ctx: z.RefinementCtx, schema: z.ZodType, input: Record<string, unknown>, at: PropertyKey[] = []): boolean {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...at, ...issue.path] });
    return false;
  }
  const found: PropertyKey[][] = [];
  differences(input, parsed.data, [], found);
  for (const where of found) {
    const stored = valueAt(parsed.data, where);
    ctx.addIssue({
      code: 'custom',
      message: `不是督查台保存的写法（督查台会保存为“${shown(stored ?? '')}”，例如去掉首尾空格、改为半角或大写），不是在本程序中填写的数据`,
      path: [...at, ...where],
    });
  }
  return found.length === 0;
}

export function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

export function unique<T>(ctx: z.RefinementCtx, items: readonly T[], keyOf: (t: T) => unknown, at: (i: number) => PropertyKey[], what: string): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `${what}“${shown(key)}”重复出现`, path: at(i) });
    seen.add(key);
  });
}

// ---------------------------------------------------------------------------
// People

export const actorSchema = z.strictObject({ name: text, badgeNo: text, unit: text });
export type ActorRecord = z.infer<typeof actorSchema>;

/**
 * A person as stored (audit actor, signer, sender): members in the order this app writes
 * them itself, not the canonical order they arrive in, so that a received record is
 * stored as the same text as it is on the machine that made it.
 */
export function actorText(a: ActorRecord): string {
  return JSON.stringify({ name: a.name, badgeNo: a.badgeNo, unit: a.unit });
}

function isUnknownActor(a: ActorRecord): boolean {
  return a.name === UNKNOWN_ACTOR.name && a.badgeNo === UNKNOWN_ACTOR.badgeNo && a.unit === UNKNOWN_ACTOR.unit;
}

/**
 * People already found to be a profile as saved here. A bureau's bundles name the same
 * few inspectors in every audit entry and revision, so each is checked once.
 */
const savedProfiles = new Set<string>();

/** The person as the inspector profile (profile/save) stores one. */
function asSavedProfile(a: ActorRecord, ctx: z.RefinementCtx): void {
  const key = `${a.name}\u0000${a.badgeNo}\u0000${a.unit}`;
  if (savedProfiles.has(key)) return;
  if (asTypedInApp(ctx, profileSchema, a)) {
    if (savedProfiles.size > 1000) savedProfiles.clear();
    savedProfiles.add(key);
  }
}

/** Whoever signs has saved the inspector profile (inspections/sign requires it). */
export const signerSchema = actorSchema.superRefine(asSavedProfile);

/** An audited change is made by the profile's inspector, or by the stand-in before one is set. */
export const auditActorSchema = actorSchema.superRefine((a, ctx) => {
  if (!isUnknownActor(a)) asSavedProfile(a, ctx);
});
