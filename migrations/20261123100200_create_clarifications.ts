import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('clarifications', (t) => {
    t.string('id', 26).primary();
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('title', 200).notNullable();
    t.text('body').notNullable();
    t.string('kind', 16).notNullable();
    t.text('question_ids').notNullable();
    t.bigInteger('previous_bid_deadline_at').nullable();
    t.bigInteger('new_bid_deadline_at').nullable();
    t.string('published_by', 26).notNullable().references('id').inTable('users');
    t.bigInteger('published_at').notNullable();
    t.index(['tender_id', 'published_at'], 'clarifications_tender_ix');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('clarifications');
}
