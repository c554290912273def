import type { Knex } from 'knex';

/**
 * Signed PDF records (DESIGN §7). A row is written in the transaction of the step that calls for the
 * record (pending); the records worker renders and signs it after the commit (issued). A crash in
 * between leaves a pending row that the next pass picks up: no step loses its record.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('records', (t) => {
    t.string('id', 26).primary();
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('kind', 32).notNullable();
    t.string('title', 200).notNullable();
    // 'public' | 'participants' | 'committee' | 'user' (user_id)
    t.string('audience', 16).notNullable();
    t.string('user_id', 26).nullable().references('id').inTable('users');
    // what the builder reads (ids), JSON
    t.text('source').notNullable();
    t.string('status', 16).notNullable();
    t.bigInteger('claimed_at').nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('last_error', 1000).nullable();
    t.string('blob_key', 64).nullable();
    t.string('sha256', 64).nullable();
    t.bigInteger('size').nullable();
    // SHA-256 of every revision issued (the platform's, then each incremental signature), JSON
    t.text('revisions').nullable();
    t.text('signers').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('issued_at').nullable();
    t.index(['tender_id', 'created_at'], 'records_tender_idx');
    t.index(['status'], 'records_status_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('records');
}
