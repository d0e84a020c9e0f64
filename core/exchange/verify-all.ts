/**
 * The verification steps of an import, in the order they run, one file each:
 * verify-1-read.ts (the envelope and the record schemas), verify-2-chains.ts (revision
 * and audit chains), verify-3-faithful.ts (the rows to be written make the signed
 * snapshot); this file runs all three, and verify-on-worker.ts runs this file on a
 * worker thread (verify-worker.ts).
 *
 * Everything about one bundle file that needs no database: the engine's checks (size,
 * canonical JSON, schema, hash, signature, evidence hashes), the app's record schemas,
 * and each inspection's revision and audit chains. It is most of an import's work, and
 * pure, so a large import runs it on a worker thread (verify-on-worker.ts) while the main thread
 * writes the files already checked.
 *
 * With them, the proof that the rows the import will write are faithful to the signed
 * snapshot (verify-3-faithful.ts), made with the template the bundle carries; the importer
 * relies on it only where that is the template it uses itself (working-copy.ts).
 *
 * The worker sends back one yes or no per file. Only a yes is ever used: for anything
 * that fails, the importer runs the same checks itself (import.ts), so every refusal
 * keeps its exact reason and wording.
 */
import { checkInspection, inspectionLabel, recheckedInspection, type CheckedInspection } from './verify-2-chains';
import { templateOfBody } from '../domain/template-body';
import { rowsMakeSnapshot, workingCopyRows } from './verify-3-faithful';
import type { AppPayload, InspectionRecord } from './payload';
import { readBundle, rereadBundle, type ReadBundle } from './verify-1-read';

/** What the checks found of a file that passed them, as the importer uses it. */
export interface Preverified {
  read: ReadBundle;
  checked: CheckedInspection[];
}

/**
 * Names for the bundle's inspections in messages, by the agencies the bundle carries.
 * Provisional (the agency may be named only in the bureau's registry): the importer
 * names them again before any message can use them.
 */
function provisionalLabels(payload: AppPayload): (rec: InspectionRecord) => string {
  const names = new Map(payload.agencies.map((a) => [a.id, a.name]));
  return (rec) => inspectionLabel(rec, names.get(rec.agencyId) ?? '');
}

/**
 * The checks above, and the importer's proof that each inspection's working copy, as it
 * will be written, is faithful to its latest signed snapshot (verify-3-faithful.ts) with the
 * scoring template the bundle carries: what they found, or null when any fails. Never
 * throws. The main thread uses it for the chunks it checks itself (import.ts).
 */
export function preverified(text: string): Preverified | null {
  try {
    const read = readBundle(text);
    if (!read.ok) return null;
    const label = provisionalLabels(read.bundle.payload);
    const checked: CheckedInspection[] = [];
    for (const rec of read.bundle.payload.inspections) {
      const c = checkInspection(rec, label(rec));
      const { snapshot } = c.latest;
      const template = snapshot.inspection.kind === 'agency' ? templateOfBody(rec.template.body) : null;
      if (!rowsMakeSnapshot(template, rec.id, workingCopyRows(rec.id, snapshot), snapshot)) return null;
      checked.push({ ...c, provenWith: rec.template.body });
    }
    return { read: read.bundle, checked };
  } catch {
    return null;
  }
}

/** The worker's answer for a file: it passed everything preverified checks. */
export function preverify(text: string): boolean {
  return preverified(text) !== null;
}

/**
 * For a text that preverify passed (on the worker): what the checks found, rebuilt on
 * this thread by parsing alone (verify-1-read.ts, verify-2-chains.ts), which costs less than having the
 * worker's objects copied across. Null if that fails, which it cannot for a text that
 * passed; the importer then checks the file itself.
 */
export function passedFile(text: string): Preverified | null {
  try {
    const read = rereadBundle(text);
    const label = provisionalLabels(read.payload);
    const checked = read.payload.inspections.map((rec) => ({
      ...recheckedInspection(rec, label(rec)),
      provenWith: rec.template.body,
    }));
    return { read, checked };
  } catch {
    return null;
  }
}
