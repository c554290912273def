import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('questions', (t) => {
    t.string('id', 26).primary();
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('asker_id', 26).notNullable().references('id').inTable('users');
    t.string('asker_organization_id', 26).nullable().references('id').inTable('organizations');
    t.text('text').notNullable();
    t.bigInteger('asked_at').notNullable();
    t.string('answered_by', 26).nullable().references('id').inTable('clarifications');
    t.index(['tender_id', 'asked_at'], 'questions_tender_ix');
    t.index(['asker_id'], 'questions_asker_ix');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('questions');
}
