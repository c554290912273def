import type { Knex } from 'knex';

/**
 * The chain position of an event, apart from its insertion number (`seq`): a bidder's sealed event
 * before the deadline (registration, question, bid) waits outside the chain (chain_seq null) and is
 * chained when its tender opens, so no platform-wide count or checkpoint moves when a bidder acts
 * (DESIGN §8).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.bigInteger('chain_seq').nullable();
    t.unique(['chain_seq'], { indexName: 'audit_events_chain_seq_uq' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropUnique(['chain_seq'], 'audit_events_chain_seq_uq');
    t.dropColumn('chain_seq');
  });
}
