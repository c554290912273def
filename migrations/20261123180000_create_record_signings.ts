import type { Knex } from 'knex';

/**
 * A member's signature of a record in two steps (DESIGN §7): the server prepares an incremental
 * update with an empty signature field (prepared_blob_key) over the record's current revision
 * (base_sha256); the member's browser or CLI signs the digest with its own key and sends the CMS
 * back, and the server embeds it — only while the record is still at base_sha256.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('record_signings', (t) => {
    t.string('id', 26).primary();
    t.string('record_id', 26).notNullable().references('id').inTable('records');
    t.string('user_id', 26).notNullable().references('id').inTable('users');
    t.string('base_sha256', 64).notNullable();
    t.string('prepared_blob_key', 64).notNullable();
    // SHA-256 (hex) of the prepared byte range: the messageDigest the member's CMS must carry
    t.string('digest', 64).notNullable();
    t.bigInteger('signing_time').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('embedded_at').nullable();
    t.index(['record_id', 'user_id'], 'record_signings_record_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('record_signings');
}
