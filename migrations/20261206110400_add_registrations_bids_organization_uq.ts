import type { Knex } from 'knex';

/**
 * One organization, one bidder (issue 13, 4): a tender has at most one registration and one bid per
 * organization, whichever of its accounts made it. The services refuse a second one with
 * ORGANIZATION_ALREADY_REGISTERED; these indexes settle simultaneous requests. NULL organizations
 * (none today: bidder accounts need one) do not collide.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of ['registrations', 'bids']) {
    const dupes: { tender_id: string; organization_id: string }[] = await knex(table)
      .whereNotNull('organization_id')
      .groupBy('tender_id', 'organization_id')
      .havingRaw('count(*) > 1')
      .select('tender_id', 'organization_id');
    if (dupes.length > 0) {
      const list = dupes.map((d) => `${d.tender_id}/${d.organization_id}`).join(', ');
      throw new Error(`${table}: several accounts of one organization on one tender (${list}); settle them before migrating`);
    }
  }
  await knex.schema.alterTable('registrations', (t) => {
    t.unique(['tender_id', 'organization_id'], { indexName: 'registrations_tender_org_uq' });
  });
  await knex.schema.alterTable('bids', (t) => {
    t.unique(['tender_id', 'organization_id'], { indexName: 'bids_tender_org_uq' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bids', (t) => {
    t.dropUnique(['tender_id', 'organization_id'], 'bids_tender_org_uq');
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.dropUnique(['tender_id', 'organization_id'], 'registrations_tender_org_uq');
  });
}
