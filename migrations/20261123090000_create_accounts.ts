import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (t) => {
    t.string('id', 26).primary();
    t.string('name', 191).notNullable();
    t.string('credit_code', 18).notNullable().unique('organizations_credit_code_uq');
    t.bigInteger('created_at').notNullable();
  });
  await knex.schema.createTable('users', (t) => {
    t.string('id', 26).primary();
    t.string('username', 64).notNullable().unique('users_username_uq');
    t.string('password_hash', 255).notNullable();
    t.string('display_name', 100).notNullable();
    t.string('role', 16).notNullable();
    t.string('organization_id', 26).nullable().references('id').inTable('organizations');
    t.string('status', 16).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['role'], 'users_role_ix');
  });
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('username', 64).primary();
    t.integer('failures').notNullable();
    t.bigInteger('next_allowed_at').notNullable();
    t.bigInteger('locked_until').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_throttle');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('organizations');
}
