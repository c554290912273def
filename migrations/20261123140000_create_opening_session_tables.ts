import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The opening hall's clock (DESIGN §6): one row per sealed tender; the stage is derived from it and the tender.
  await knex.schema.createTable('opening_sessions', (t) => {
    t.string('tender_id', 26).primary().references('id').inTable('tenders');
    t.string('opening_mode', 16).notNullable();
    t.bigInteger('decryption_ends_at').nullable();
    t.bigInteger('record_ready_at').nullable();
    t.bigInteger('confirmation_ends_at').nullable();
    t.bigInteger('ended_at').nullable();
  });
  // Who decrypted each bid: the platform, the bidder (不见面开标) or the platform as backup (备份解密).
  await knex.schema.alterTable('opening_bids', (t) => {
    t.string('decrypted_by', 16).notNullable().defaultTo('platform');
  });
  // 签到: a registered bidder present in the hall; hidden from the room until sealing.
  await knex.schema.createTable('opening_sign_ins', (t) => {
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('bidder_id', 26).notNullable().references('id').inTable('users');
    t.string('bidder_organization', 191).nullable();
    t.bigInteger('signed_in_at').notNullable();
    t.primary(['tender_id', 'bidder_id'], 'opening_sign_ins_pk');
  });
  // A bidder's confirmation of the opening record; `deemed` when it stayed silent until the session ended.
  await knex.schema.createTable('opening_confirmations', (t) => {
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('bidder_id', 26).notNullable().references('id').inTable('users');
    t.string('bidder_organization', 191).nullable();
    t.bigInteger('confirmed_at').notNullable();
    t.boolean('deemed').notNullable().defaultTo(false);
    t.primary(['tender_id', 'bidder_id'], 'opening_confirmations_pk');
  });
  // 异议 raised in the hall and the agency's answer.
  await knex.schema.createTable('opening_objections', (t) => {
    t.string('id', 26).primary();
    t.string('tender_id', 26).notNullable().references('id').inTable('tenders');
    t.string('bidder_id', 26).notNullable().references('id').inTable('users');
    t.string('bidder_organization', 191).nullable();
    t.text('text').notNullable();
    t.bigInteger('raised_at').notNullable();
    t.text('answer').nullable();
    t.string('answered_by', 26).nullable().references('id').inTable('users');
    t.bigInteger('answered_at').nullable();
    t.index(['tender_id', 'raised_at'], 'opening_objections_tender_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('opening_objections');
  await knex.schema.dropTable('opening_confirmations');
  await knex.schema.dropTable('opening_sign_ins');
  await knex.schema.alterTable('opening_bids', (t) => {
    t.dropColumn('decrypted_by');
  });
  await knex.schema.dropTable('opening_sessions');
}
