/**
 * The audit trail of an inspection: an append-only hash chain. Each entry's hash
 * covers the canonical JSON (RFC 8785) of its fields plus the previous entry's
 * hash, so changing, removing or reordering any entry — even with direct SQL —
 * breaks verification at that entry.
 */
import { canonicalSha256, sha256Hex } from '../../bundle/canonical';
import type { Store } from '../../db/open';
import { insertAuditRow, lastAuditEntry, listAuditRows } from '../../db/repositories/audit';
import { nowIso } from '../ids';

export const GENESIS_HASH = '0'.repeat(64);

export interface Actor {
  name: string;
  badgeNo: string;
  unit: string;
}

export interface AuditInput {
  /** What happened, e.g. 'item.save', 'finding.create', 'sign', 'amend'. */
  action: string;
  /** Field path the change touched, e.g. 'items.5.score'. */
  path?: string;
  oldValue?: unknown;
  newValue?: unknown;
}

export interface AuditEntry {
  inspectionId: string;
  seq: number;
  actor: Actor;
  at: string;
  action: string;
  path: string;
  oldValue: unknown;
  newValue: unknown;
  prevHash: string;
  hash: string;
}

/** What an entry's hash covers, members in canonical (sorted) order. */
function hashedMembers(e: Omit<AuditEntry, 'hash'>) {
  return {
    action: e.action,
    actor: e.actor,
    at: e.at,
    inspectionId: e.inspectionId,
    newValue: e.newValue ?? null,
    oldValue: e.oldValue ?? null,
    path: e.path,
    prevHash: e.prevHash,
    seq: e.seq,
  };
}

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  // In sorted order, canonicalJson takes its native path whenever the values are in order
  // too (as parsed from a bundle); the text is the same either way.
  return canonicalSha256(hashedMembers(e));
}

/**
 * Whether `hash` is the hash of entry `e`, for checking the many entries of a verified
 * bundle (core/exchange/verify-2-chains.ts). Only for entries whose values were parsed from text
 * proven canonical (keys in order, no lone surrogates, finite numbers) with the actor's
 * members in order: for those, JSON.stringify of the members in canonical order IS the
 * canonical text, which skips the walk canonicalJson makes to refuse what JSON cannot
 * say — most of the cost of a chain of short entries. Any mismatch is decided by the
 * exact entryHash, so such an entry is never refused wrongly.
 *
 * One exception makes JSON.stringify differ from the canonical text: keys that look like
 * array indexes ("9", "10"), which JavaScript keeps first and in numeric order whatever
 * order they were parsed in. Where the text has such a key, the fast hash could accept a
 * hash that entryHash refuses, so only the exact check decides. Found in the stringified
 * text itself: a key's opening quote follows `{` or `,`, while a quote inside a string is
 * escaped, so a string value can only cause a harmless false alarm.
 */
const INDEX_LIKE_KEY = /[{,]"(?:0|[1-9][0-9]*)":/;

export function entryHashMatches(e: Omit<AuditEntry, 'hash'>, hash: string): boolean {
  let text: string;
  try {
    text = JSON.stringify(hashedMembers(e));
  } catch {
    text = '';
  }
  if (text !== '' && !INDEX_LIKE_KEY.test(text) && sha256Hex(text) === hash) return true;
  try {
    return entryHash(e) === hash;
  } catch {
    return false;
  }
}

/** Appends one entry. Call inside the transaction that makes the change it records. */
export function appendAudit(store: Store, inspectionId: string, actor: Actor, input: AuditInput): AuditEntry {
  const last = lastAuditEntry(store.db, inspectionId);
  const base = {
    inspectionId,
    seq: (last?.seq ?? 0) + 1,
    actor,
    at: nowIso(),
    action: input.action,
    path: input.path ?? '',
    oldValue: input.oldValue ?? null,
    newValue: input.newValue ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const entry: AuditEntry = { ...base, hash: entryHash(base) };
  insertAuditRow(store.db, {
    inspection_id: inspectionId,
    seq: entry.seq,
    actor: JSON.stringify(actor),
    at: entry.at,
    action: entry.action,
    path: entry.path,
    old_value: JSON.stringify(entry.oldValue),
    new_value: JSON.stringify(entry.newValue),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  });
  return entry;
}

function parseJson(text: string | null): { ok: true; value: unknown } | { ok: false } {
  if (text === null) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function readAudit(store: Store, inspectionId: string): AuditEntry[] {
  return listAuditRows(store.db, inspectionId).map((r) => {
    const actor = parseJson(r.actor);
    const oldValue = parseJson(r.old_value);
    const newValue = parseJson(r.new_value);
    return {
      inspectionId: r.inspection_id,
      seq: r.seq,
      actor: (actor.ok ? actor.value : { name: '?', badgeNo: '', unit: '' }) as Actor,
      at: r.at,
      action: r.action,
      path: r.path,
      oldValue: oldValue.ok ? oldValue.value : r.old_value,
      newValue: newValue.ok ? newValue.value : r.new_value,
      prevHash: r.prev_hash,
      hash: r.hash,
    };
  });
}

export type ChainCheck =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; brokenSeq: number; reason: string };

/** Walks the chain from the start; names the first entry that does not hold. */
export function verifyAuditChain(store: Store, inspectionId: string): ChainCheck {
  const entries = readAudit(store, inspectionId);
  let prev = GENESIS_HASH;
  for (const [i, e] of entries.entries()) {
    const expectedSeq = i + 1;
    if (e.seq !== expectedSeq) {
      return { ok: false, entries: entries.length, brokenSeq: expectedSeq, reason: `第 ${expectedSeq} 条记录缺失（下一条是第 ${e.seq} 条）` };
    }
    if (e.prevHash !== prev) {
      return { ok: false, entries: entries.length, brokenSeq: e.seq, reason: `第 ${e.seq} 条记录与上一条不衔接（前序哈希不符）` };
    }
    let recomputed: string;
    try {
      recomputed = entryHash(e);
    } catch {
      recomputed = '';
    }
    if (recomputed !== e.hash) {
      return { ok: false, entries: entries.length, brokenSeq: e.seq, reason: `第 ${e.seq} 条记录的内容与其哈希不符（记录被改动过）` };
    }
    prev = e.hash;
  }
  return { ok: true, entries: entries.length, head: prev };
}
