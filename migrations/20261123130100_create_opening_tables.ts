import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The commitments published at sealing (DESIGN §5): one row per bid in force, position = rank by sha256.
  await knex.schema.createTable('opening_commitments', (t) => {
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.integer('position').notNullable();
    t.string('sha256', 64).notNullable();
    t.bigInteger('size').notNullable();
    t.string('bid_id', 26).notNullable().references('id').inTable('bids');
    t.integer('bid_version').notNullable();
    t.primary(['tender_id', 'position'], 'opening_commitments_pk');
    t.unique(['tender_id', 'bid_id'], { indexName: 'opening_commitments_bid_uq' });
  });
  // One decryption result per bid in force: valid with its opening items (唱标), or invalid with the reason.
  await knex.schema.createTable('opening_bids', (t) => {
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('bid_id', 26).notNullable().references('id').inTable('bids');
    t.string('bidder_id', 26).notNullable().references('id').inTable('users');
    t.string('bidder_organization', 191).nullable();
    t.string('status', 16).notNullable();
    t.string('reason', 500).nullable();
    t.text('items').nullable();
    t.bigInteger('decrypted_at').notNullable();
    t.primary(['tender_id', 'bid_id'], 'opening_bids_pk');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('opening_bids');
  await knex.schema.dropTable('opening_commitments');
}
