import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenders', (t) => {
    t.string('id', 26).primary();
    t.string('status', 16).notNullable();
    t.string('title', 200).notNullable();
    t.string('code', 48).notNullable().unique('tenders_code_uq');
    t.string('project_code', 48).nullable();
    t.text('description').notNullable();
    t.string('category', 16).notNullable();
    t.string('procurement_method', 32).notNullable();
    t.bigInteger('budget_fen').notNullable();
    t.string('currency', 3).notNullable();
    t.bigInteger('registration_deadline_at').notNullable();
    t.bigInteger('bid_deadline_at').notNullable();
    t.string('opening_mode', 16).notNullable();
    t.integer('decryption_window_minutes').notNullable();
    t.string('undecrypted_bids', 16).notNullable();
    t.string('evaluation_method', 16).notNullable();
    t.text('criteria').notNullable();
    t.text('opening_items').notNullable();
    t.string('documents_access', 16).notNullable();
    t.string('owner_id', 26).notNullable().references('id').inTable('users');
    t.string('owner_organization_id', 26).nullable().references('id').inTable('organizations');
    t.string('rule_set', 16).nullable();
    t.bigInteger('published_at').nullable();
    t.bigInteger('cancelled_at').nullable();
    t.text('cancel_reason').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['status', 'bid_deadline_at'], 'tenders_status_deadline_ix');
    t.index(['owner_id'], 'tenders_owner_ix');
    t.index(['category'], 'tenders_category_ix');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tenders');
}
