import type { AppContext } from './context';
import { presentSnapshot } from './opening/present';
import type { BuildRecord } from './records';
import { buildOpeningRecord } from './records/documents/opening-record';

/**
 * What each record shows, read from its module after the step committed (DESIGN §7). Composition
 * lives here, beside context.ts, so that server/records depends on no lifecycle module.
 */
export function createRecordBuilder(context: () => AppContext): BuildRecord {
  return async (record, frame) => {
    const ctx = context();
    const tender = await ctx.tenders.get(record.tenderId);
    switch (record.kind) {
      case 'opening_record': {
        const opening = presentSnapshot(await ctx.opening.snapshot(null, record.tenderId));
        return buildOpeningRecord({ ...frame, opening, openingItems: tender.openingItems, agencyName: tender.ownerOrganizationName });
      }
      default:
        throw new Error(`no builder for ${record.kind} records yet`);
    }
  };
}
