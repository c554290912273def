import type { Knex } from 'knex';

/** Signed checkpoints of the audit chain (size + head hash + time, as Certificate Transparency's signed tree heads). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_checkpoints', (t) => {
    t.bigInteger('size').primary();
    t.string('head_hash', 64).notNullable();
    t.bigInteger('at').notNullable();
    t.text('signature').notNullable();
    t.string('signer_sha256', 64).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_checkpoints');
}
