/**
 * Storage of the audit chain (audit_log): append one row, read the last, read them all.
 * The chain's rules — what an entry's hash covers, how it links — are core/audit/chain's;
 * values are stored as their JSON text.
 */
import type { Db } from '../open';
import { statement } from '../statements';

export interface AuditRow {
  inspection_id: string;
  seq: number;
  actor: string;
  at: string;
  action: string;
  path: string;
  old_value: string | null;
  new_value: string | null;
  prev_hash: string;
  hash: string;
}

// Plain SQL rather than drizzle's builder: an audit entry is written on every edit, and
// these are the statements of that hot path, prepared once per connection.
const SQL = {
  last: 'SELECT seq, hash FROM audit_log WHERE inspection_id = ? ORDER BY seq DESC LIMIT 1',
  insert:
    'INSERT INTO audit_log (inspection_id, seq, actor, at, action, path, old_value, new_value, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)',
  all: 'SELECT * FROM audit_log WHERE inspection_id = ? ORDER BY seq',
} as const;

export function lastAuditEntry(db: Db, inspectionId: string): { seq: number; hash: string } | undefined {
  return statement(db.$client, SQL.last).get(inspectionId) as { seq: number; hash: string } | undefined;
}

export function insertAuditRow(db: Db, r: AuditRow): void {
  statement(db.$client, SQL.insert).run(r.inspection_id, r.seq, r.actor, r.at, r.action, r.path, r.old_value, r.new_value, r.prev_hash, r.hash);
}

export function listAuditRows(db: Db, inspectionId: string): AuditRow[] {
  return statement(db.$client, SQL.all).all(inspectionId) as AuditRow[];
}
