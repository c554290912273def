import type { Knex } from 'knex';

/**
 * Organization names are unique (issue 13, 4): `name_key` is the SHA-256 of the name normalized
 * (NFKC, whitespace collapsed, trimmed) and case-folded, under a unique index. A hash, not the text:
 * one exact comparison on both dialects (a MySQL collation would fold other characters than SQLite).
 * Nullable until the backfill (next migration) has filled it; NULLs do not collide.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organizations', (t) => {
    t.string('name_key', 64).nullable();
    t.unique(['name_key'], { indexName: 'organizations_name_key_uq' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organizations', (t) => {
    t.dropUnique(['name_key'], 'organizations_name_key_uq');
    t.dropColumn('name_key');
  });
}
