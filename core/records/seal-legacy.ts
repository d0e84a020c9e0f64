/**
 * Revisions signed before seals existed have none, and an unsealed revision cannot be
 * exported, submitted or printed. When the lock holder opens the data folder, each such
 * revision is sealed by this installation's key, but only if what is stored still holds
 * the way it did before seals: its text makes its SHA-256, the inspection's audit chain
 * verifies, and the chain has this revision's `sign` entry, which the seal is anchored
 * before. A revision that fails any of these stays unsealed, so verification goes on
 * reporting it; nothing already broken is vouched for. From then on the record has the
 * full protection of a sealed one.
 */
import { sha256Hex } from '../../bundle/canonical';
import { listUnsealedRevisions, setRevisionSeal } from '../../db/repositories/lifecycle';
import { GENESIS_HASH, readAudit, verifyAuditChain } from '../audit/chain';
import type { ServiceContext } from '../context';
import { deviceKey } from '../domain/device-key';
import { makeSeal, signedSha } from './seal';

/** Seals what can be sealed; returns how many revisions were sealed. */
export function sealLegacyRevisions(ctx: ServiceContext): number {
  const unsealed = listUnsealedRevisions(ctx.store.db);
  if (unsealed.length === 0) return 0;
  return ctx.store.transaction(() => {
    const key = deviceKey(ctx);
    let sealed = 0;
    const chains = new Map<string, ReturnType<typeof readAudit> | null>();
    for (const r of unsealed) {
      if (sha256Hex(r.canonical) !== r.sha256) continue;
      let audit = chains.get(r.inspectionId);
      if (audit === undefined) {
        audit = verifyAuditChain(ctx.store, r.inspectionId).ok ? readAudit(ctx.store, r.inspectionId) : null;
        chains.set(r.inspectionId, audit);
      }
      if (audit === null) continue;
      const at = audit.findIndex((e) => signedSha(e) === r.sha256);
      if (at < 0) continue;
      const before = audit[at - 1];
      const seal = makeSeal(key, { inspectionId: r.inspectionId, sha256: r.sha256, auditSeq: before?.seq ?? 0, auditHead: before?.hash ?? GENESIS_HASH });
      setRevisionSeal(ctx.store.db, r.inspectionId, r.number, JSON.stringify(seal));
      sealed++;
    }
    return sealed;
  });
}
