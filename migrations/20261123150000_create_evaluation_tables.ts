import type { Knex } from 'knex';

/** Evaluation and award (issue 5, docs/api-contracts.md). Scores are stored in hundredths (integer), prices in fen. */
export async function up(knex: Knex): Promise<void> {
  // 符合性/资格审查 items of a tender (JSON [{key, name}]); null reads as the default list.
  await knex.schema.alterTable('tenders', (t) => {
    t.text('compliance_items').nullable();
  });
  await knex.schema.createTable('expert_profiles', (t) => {
    t.string('user_id', 26).primary().references('id').inTable('users');
    t.text('specialties').notNullable();
    t.boolean('available').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
  await knex.schema.createTable('committees', (t) => {
    t.string('tender_id', 26).primary().references('id').inTable('tenders');
    t.integer('size').notNullable();
    t.text('specialties').notNullable();
    t.string('seed', 64).notNullable();
    t.bigInteger('drawn_at').notNullable();
    t.string('drawn_by', 26).notNullable().references('id').inTable('users');
  });
  // Members (seat 1..size) and reserves (seat after them), in drawing order.
  await knex.schema.createTable('committee_members', (t) => {
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('user_id', 26).notNullable().references('id').inTable('users');
    t.integer('seat').notNullable();
    t.string('kind', 16).notNullable();
    t.primary(['tender_id', 'user_id'], 'committee_members_pk');
  });
  await knex.schema.createTable('evaluation_sessions', (t) => {
    t.string('tender_id', 26).primary().references('id').inTable('tenders');
    t.string('stage', 16).notNullable();
    t.string('chair_id', 26).nullable().references('id').inTable('users');
    t.text('result').nullable();
    t.text('report').nullable();
    t.string('rejected_reason', 2000).nullable();
    t.bigInteger('updated_at').notNullable();
  });
  await knex.schema.createTable('evaluation_chair_votes', (t) => {
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('voter_id', 26).notNullable().references('id').inTable('users');
    t.string('candidate_id', 26).notNullable().references('id').inTable('users');
    t.bigInteger('voted_at').notNullable();
    t.primary(['tender_id', 'voter_id'], 'evaluation_chair_votes_pk');
  });
  await knex.schema.createTable('evaluation_compliance', (t) => {
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('member_id', 26).notNullable().references('id').inTable('users');
    t.string('bid_sha256', 64).notNullable();
    t.string('item', 32).notNullable();
    t.boolean('pass').notNullable();
    t.string('reason', 1000).nullable();
    t.primary(['tender_id', 'member_id', 'bid_sha256', 'item'], 'evaluation_compliance_pk');
  });
  await knex.schema.createTable('evaluation_scores', (t) => {
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('member_id', 26).notNullable().references('id').inTable('users');
    t.string('bid_sha256', 64).notNullable();
    t.string('criterion', 32).notNullable();
    t.integer('score').notNullable();
    t.primary(['tender_id', 'member_id', 'bid_sha256', 'criterion'], 'evaluation_scores_pk');
  });
  // A member's submission of a step ('compliance' | 'scores' | 'signature'); returned_at when the chair sent it back.
  await knex.schema.createTable('evaluation_submissions', (t) => {
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('member_id', 26).notNullable().references('id').inTable('users');
    t.string('kind', 16).notNullable();
    t.bigInteger('submitted_at').nullable();
    t.bigInteger('returned_at').nullable();
    t.string('return_reason', 1000).nullable();
    t.boolean('agree').nullable();
    t.text('dissent').nullable();
    t.primary(['tender_id', 'member_id', 'kind'], 'evaluation_submissions_pk');
  });
  await knex.schema.createTable('evaluation_flags', (t) => {
    t.string('id', 26).primary();
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('member_id', 26).notNullable().references('id').inTable('users');
    t.string('bid_sha256', 64).notNullable();
    t.string('criterion', 32).notNullable();
    t.integer('score').notNullable();
    t.integer('mean').notNullable();
    t.string('resolution', 16).nullable();
    t.string('note', 1000).nullable();
    t.bigInteger('raised_at').notNullable();
    t.bigInteger('resolved_at').nullable();
    t.index(['tender_id'], 'evaluation_flags_tender_idx');
  });
  await knex.schema.createTable('candidate_publicity', (t) => {
    t.string('tender_id', 26).primary().references('id').inTable('tenders');
    t.text('candidates').notNullable();
    t.bigInteger('published_at').notNullable();
    t.bigInteger('ends_at').notNullable();
  });
  await knex.schema.createTable('publicity_objections', (t) => {
    t.string('id', 26).primary();
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('bidder_id', 26).notNullable().references('id').inTable('users');
    t.string('bidder_organization', 191).nullable();
    t.text('text').notNullable();
    t.bigInteger('raised_at').notNullable();
    t.text('answer').nullable();
    t.string('answered_by', 26).nullable().references('id').inTable('users');
    t.bigInteger('answered_at').nullable();
    t.index(['tender_id', 'raised_at'], 'publicity_objections_tender_idx');
  });
  await knex.schema.createTable('awards', (t) => {
    t.string('tender_id', 26).primary().references('id').inTable('tenders');
    t.integer('rank').notNullable();
    t.string('bid_sha256', 64).notNullable();
    t.string('bidder_id', 26).notNullable().references('id').inTable('users');
    t.string('bidder_organization', 191).nullable();
    t.bigInteger('price').notNullable();
    t.string('reason', 2000).nullable();
    t.bigInteger('awarded_at').notNullable();
    t.string('awarded_by', 26).notNullable().references('id').inTable('users');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'awards', 'publicity_objections', 'candidate_publicity', 'evaluation_flags', 'evaluation_submissions', 'evaluation_scores',
    'evaluation_compliance', 'evaluation_chair_votes', 'evaluation_sessions', 'committee_members', 'committees', 'expert_profiles',
  ]) {
    await knex.schema.dropTable(table);
  }
  await knex.schema.alterTable('tenders', (t) => {
    t.dropColumn('compliance_items');
  });
}
