import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    t.string('id', 26).primary();
    t.string('user_id', 26).notNullable().references('id').inTable('users');
    t.string('tender_id', 26).nullable().references('id').inTable('tenders');
    t.string('kind', 32).notNullable();
    t.string('title', 200).notNullable();
    t.string('ref_id', 26).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('read_at').nullable();
    t.index(['user_id', 'created_at'], 'notifications_user_ix');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notifications');
}
