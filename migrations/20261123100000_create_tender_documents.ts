import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tender_documents', (t) => {
    t.string('id', 26).primary();
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    // The first version's id: every version of one document shares it.
    t.string('chain_id', 26).notNullable();
    t.integer('version').notNullable();
    t.string('replaces_id', 26).nullable().references('id').inTable('tender_documents');
    t.string('name', 255).notNullable();
    t.string('content_type', 127).notNullable();
    t.string('blob_key', 26).notNullable();
    t.string('sha256', 64).notNullable();
    t.bigInteger('size').notNullable();
    t.string('uploaded_by', 26).notNullable().references('id').inTable('users');
    t.bigInteger('uploaded_at').notNullable();
    t.index(['tender_id', 'uploaded_at'], 'tender_documents_tender_ix');
    t.unique(['chain_id', 'version'], { indexName: 'tender_documents_chain_version_uq' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tender_documents');
}
