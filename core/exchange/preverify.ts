/**
 * Everything about one bundle file that needs no database: the engine's checks (size,
 * canonical JSON, schema, hash, signature, evidence hashes), the app's record schemas,
 * and each inspection's revision and audit chains. It is most of an import's work, and
 * pure, so a large import runs it on a worker thread (verifier.ts) while the main thread
 * writes the files already checked.
 *
 * Only a pass is ever used: for anything that fails, the importer runs the same checks
 * itself (import.ts), so every refusal keeps its exact reason and wording.
 */
import { checkInspection, type CheckedInspection } from './checks';
import type { InspectionRecord } from './payload';
import { readBundle, type ReadBundle } from './read';

export interface Preverified {
  read: ReadBundle;
  checked: CheckedInspection[];
}

/** How an inspection is named in messages: 「上海某公司 2026-11-27」的检查. */
export function inspectionLabel(rec: Pick<InspectionRecord, 'inspectedOn'>, agencyName: string): string {
  return `「${agencyName} ${rec.inspectedOn}」的检查`;
}

/** The checks above, or null when any of them fails. Never throws. */
export function preverify(text: string): Preverified | null {
  try {
    const read = readBundle(text);
    if (!read.ok) return null;
    const names = new Map(read.bundle.payload.agencies.map((a) => [a.id, a.name]));
    // The label is provisional (the agency may be named only in the bureau's registry);
    // the importer names it again before any message can use it.
    const checked = read.bundle.payload.inspections.map((rec) => checkInspection(rec, inspectionLabel(rec, names.get(rec.agencyId) ?? '')));
    return { read: read.bundle, checked };
  } catch {
    return null;
  }
}
