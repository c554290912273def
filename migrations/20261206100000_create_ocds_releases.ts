import type { Knex } from 'knex';

/**
 * OCDS releases stored when they happen (issue 13 finding 8): the feed and a tender's package read
 * pages of these rows instead of rebuilding every public tender per request.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ocds_releases', (t) => {
    // `${ocid}-${stage}`; binary collation on MariaDB so the (at, id) order is the byte order the cursor uses
    t.string('id', 255).collate('utf8mb4_bin').primary();
    t.string('tender_id', 26).notNullable();
    // the release date in ms (server clock): the feed's order and the keyset cursor
    t.bigInteger('at').notNullable();
    // the release as JSON, exactly as the builder made it
    t.text('body', 'mediumtext').notNullable();
    t.index(['at', 'id'], 'ocds_releases_feed_ix');
    t.index(['tender_id', 'at'], 'ocds_releases_tender_ix');
  });
  // The outbox: a tender whose public facts changed, marked in the transaction of the change (a public
  // audit event). The builder rebuilds its releases after commit and removes the mark only if the
  // version is still the one it read (a change meanwhile keeps it marked).
  await knex.schema.createTable('ocds_outbox', (t) => {
    t.string('tender_id', 26).primary();
    t.bigInteger('version').notNullable();
  });
  // Tenders published before this migration: built on the first catch-up.
  await knex.raw('insert into ocds_outbox (tender_id, version) select id, 1 from tenders where published_at is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ocds_outbox');
  await knex.schema.dropTable('ocds_releases');
}
