import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('registrations', (t) => {
    t.string('id', 26).primary();
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('bidder_id', 26).notNullable().references('id').inTable('users');
    t.string('organization_id', 26).nullable().references('id').inTable('organizations');
    t.bigInteger('registered_at').notNullable();
    t.unique(['tender_id', 'bidder_id'], { indexName: 'registrations_tender_bidder_uq' });
    t.index(['bidder_id', 'registered_at'], 'registrations_bidder_ix');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('registrations');
}
