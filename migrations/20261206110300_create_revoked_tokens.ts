import type { Knex } from 'knex';

/** Signed-out bearer tokens by their jti (POST /api/auth/logout), kept until they would have expired. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('revoked_tokens', (t) => {
    t.string('jti', 26).primary();
    t.string('user_id', 26).notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('revoked_at').notNullable();
    t.index(['expires_at'], 'revoked_tokens_expires_ix');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('revoked_tokens');
}
