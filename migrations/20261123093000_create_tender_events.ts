import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The last sequence number per tender and live-session namespace; its row lock orders publishers.
  await knex.schema.createTable('tender_streams', (t) => {
    t.string('tender_id', 26).notNullable();
    t.string('namespace', 16).notNullable();
    t.bigInteger('last_seq').notNullable();
    t.primary(['tender_id', 'namespace'], 'tender_streams_pk');
  });
  // Every sequenced live event, kept so a reconnecting client can be sent what it missed.
  await knex.schema.createTable('tender_events', (t) => {
    t.string('tender_id', 26).notNullable();
    t.string('namespace', 16).notNullable();
    t.bigInteger('seq').notNullable();
    t.bigInteger('at').notNullable();
    t.string('type', 48).notNullable();
    t.text('payload').notNullable();
    t.primary(['tender_id', 'namespace', 'seq'], 'tender_events_pk');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tender_events');
  await knex.schema.dropTable('tender_streams');
}
