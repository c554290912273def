import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_events', (t) => {
    t.bigInteger('seq').primary();
    t.bigInteger('at').notNullable();
    t.string('actor_id', 26).nullable();
    t.string('actor_role', 16).nullable();
    t.string('tender_id', 26).nullable();
    t.string('action', 64).notNullable();
    t.string('visibility', 16).notNullable();
    t.text('payload').notNullable();
    t.string('payload_hash', 64).notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.index(['tender_id', 'seq'], 'audit_events_tender_ix');
  });
  // One row that every appender locks: it serializes the chain across processes (MySQL row
  // lock; SQLite's single writer does the same).
  await knex.schema.createTable('audit_head', (t) => {
    t.integer('id').primary();
    t.bigInteger('seq').notNullable();
    t.string('hash', 64).notNullable();
  });
  await knex('audit_head').insert({ id: 1, seq: 0, hash: '0'.repeat(64) });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_head');
  await knex.schema.dropTable('audit_events');
}
