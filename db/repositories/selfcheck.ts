import { eq } from 'drizzle-orm';
import type { Db } from '../open';
import { selfCheckItems } from '../schema';

export type SelfCheckRow = typeof selfCheckItems.$inferSelect;

export function listSelfCheckItems(db: Db, agencyId: string): SelfCheckRow[] {
  return db.select().from(selfCheckItems).where(eq(selfCheckItems.agencyId, agencyId)).all();
}

export function upsertSelfCheckItems(db: Db, rows: SelfCheckRow[]): void {
  for (const row of rows) {
    const { agencyId: _agencyId, itemKey: _itemKey, ...rest } = row;
    db.insert(selfCheckItems)
      .values(row)
      .onConflictDoUpdate({ target: [selfCheckItems.agencyId, selfCheckItems.itemKey], set: rest })
      .run();
  }
}
