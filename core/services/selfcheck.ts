/**
 * 附件1 review per agency. Every read returns all 15 items in table order,
 * items never saved coming back blank, so the screen never has to guess which
 * rows exist.
 */
import type { ParsedInputOf } from '../contract';
import type { SelfCheck, SelfCheckItemOut } from '../contract/selfcheck';
import { ATTACHMENT1_ITEMS } from '../../forms/attachment1';
import { listSelfCheckItems, upsertSelfCheckItems } from '../../db/repositories/selfcheck';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { get as getAgency } from './agencies';
import { requireAgency } from './personnel';

export function get(input: ParsedInputOf<'selfcheck/get'>, ctx: ServiceContext): SelfCheck {
  const agency = getAgency({ id: input.agencyId }, ctx);
  const stored = new Map(listSelfCheckItems(ctx.store.db, agency.id).map((r) => [r.itemKey, r]));
  const items: SelfCheckItemOut[] = ATTACHMENT1_ITEMS.map((item) => {
    const r = stored.get(item.key);
    return {
      key: item.key,
      problems: r?.problems ?? '',
      corrections: r?.corrections ?? '',
      acceptance: (r?.acceptance ?? '') as SelfCheckItemOut['acceptance'],
      updatedAt: r?.updatedAt ?? null,
    };
  });
  const count = (a: SelfCheckItemOut['acceptance']) => items.filter((i) => i.acceptance === a).length;
  return {
    agency,
    items,
    progress: {
      reviewed: items.filter((i) => i.acceptance !== '').length,
      accepted: count('认可'),
      rejected: count('不认可'),
      pending: count('待核实'),
      total: items.length,
    },
  };
}

export function save(input: ParsedInputOf<'selfcheck/save'>, ctx: ServiceContext): SelfCheck {
  const { db, sqlite } = ctx.store;
  sqlite.transaction(() => {
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
        updatedAt: now,
      })),
    );
  })();
  return get({ agencyId: input.agencyId }, ctx);
}
