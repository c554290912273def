import type { Knex } from 'knex';

/**
 * Failed sign-ins per (username, address) instead of per username (issue 13, 9): wrong passwords sent
 * from one address no longer lock the owner out from another. The key is SHA-256 of the pair, so the
 * table holds neither usernames nor addresses. The old per-username table held only transient state.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_failures', (t) => {
    t.string('key_hash', 64).primary();
    t.integer('failures').notNullable();
    t.bigInteger('next_allowed_at').notNullable();
    t.bigInteger('locked_until').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['updated_at'], 'login_failures_updated_ix');
  });
  await knex.schema.dropTable('login_throttle');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('username', 64).primary();
    t.integer('failures').notNullable();
    t.bigInteger('next_allowed_at').notNullable();
    t.bigInteger('locked_until').notNullable();
  });
  await knex.schema.dropTable('login_failures');
}
