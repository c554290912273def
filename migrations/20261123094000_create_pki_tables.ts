import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certificates', (t) => {
    t.string('id', 26).primary();
    t.string('user_id', 26).notNullable().references('id').inTable('users');
    t.string('serial_number', 42).notNullable().unique('certificates_serial_uq');
    t.string('subject', 191).notNullable();
    t.text('cert_pem').notNullable();
    t.string('sha256', 64).notNullable();
    t.bigInteger('not_before').notNullable();
    t.bigInteger('not_after').notNullable();
    t.string('status', 16).notNullable();
    t.bigInteger('revoked_at').nullable();
    t.string('revoked_reason', 500).nullable();
    t.bigInteger('created_at').notNullable();
    t.index(['user_id', 'status'], 'certificates_user_ix');
  });
  await knex.schema.createTable('trusted_roots', (t) => {
    t.string('id', 26).primary();
    t.string('name', 191).notNullable();
    t.text('cert_pem').notNullable();
    t.string('sha256', 64).notNullable().unique('trusted_roots_sha256_uq');
    t.string('added_by', 26).notNullable();
    t.bigInteger('added_at').notNullable();
  });
  await knex.schema.createTable('opening_keys', (t) => {
    t.string('tender_id', 26).primary();
    t.text('cert_pem').notNullable();
    t.string('serial_number', 42).notNullable();
    t.text('encrypted_key').notNullable();
    t.bigInteger('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('opening_keys');
  await knex.schema.dropTable('trusted_roots');
  await knex.schema.dropTable('certificates');
}
