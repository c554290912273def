import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One bid per bidder and tender; its versions are the submissions (DESIGN §5: a later one replaces).
  await knex.schema.createTable('bids', (t) => {
    t.string('id', 26).primary();
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('bidder_id', 26).notNullable().references('id').inTable('users');
    t.string('organization_id', 26).nullable().references('id').inTable('organizations');
    t.string('status', 16).notNullable();
    t.integer('version').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['tender_id', 'bidder_id'], { indexName: 'bids_tender_bidder_uq' });
    t.index(['bidder_id'], 'bids_bidder_ix');
  });
  await knex.schema.createTable('bid_versions', (t) => {
    t.string('id', 26).primary();
    t.string('bid_id', 26).notNullable().references('id').inTable('bids');
    t.integer('version').notNullable();
    t.string('blob_key', 26).notNullable();
    t.string('sha256', 64).notNullable();
    t.bigInteger('size').notNullable();
    t.string('certificate_id', 26).nullable().references('id').inTable('certificates');
    t.bigInteger('received_at').notNullable();
    t.bigInteger('withdrawn_at').nullable();
    t.text('receipt').notNullable();
    t.text('signature').notNullable();
    t.unique(['bid_id', 'version'], { indexName: 'bid_versions_bid_version_uq' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bid_versions');
  await knex.schema.dropTable('bids');
}
