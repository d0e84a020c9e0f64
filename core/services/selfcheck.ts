/**
 * 附件1 review per agency. Every read returns all 15 items in table order,
 * items never saved coming back blank, so the screen never has to guess which
 * rows exist.
 */
import type { ParsedInputOf } from '../contract';
import type { SelfCheck } from '../contract/selfcheck';
import { upsertSelfCheckItems } from '../../db/repositories/selfcheck';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { readSelfCheck, requireAgency } from '../domain/agency-records';


export function get(input: ParsedInputOf<'selfcheck/get'>, ctx: ServiceContext): SelfCheck {
  return readSelfCheck(ctx, input.agencyId);
}

export function save(input: ParsedInputOf<'selfcheck/save'>, ctx: ServiceContext): SelfCheck {
  const { db } = ctx.store;
  ctx.store.transaction(() => {
    requireAgency(db, input.agencyId);
    const now = nowIso();
    upsertSelfCheckItems(
      db,
      input.items.map((i) => ({
        agencyId: input.agencyId,
        itemKey: i.key,
        problems: i.problems,
        corrections: i.corrections,
        acceptance: i.acceptance,
        updatedAt: now })),
    );
  });
  return readSelfCheck(ctx, input.agencyId);
}
