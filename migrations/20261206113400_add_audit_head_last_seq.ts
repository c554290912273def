import type { Knex } from 'knex';

/**
 * The last insertion number, kept in the locked head row: with sealed events waiting outside the
 * chain, the chain head's seq no longer numbers every event, and MAX(seq) read in a MySQL
 * transaction (REPEATABLE READ) may miss a row committed after its snapshot.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_head', (t) => {
    t.bigInteger('last_seq').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_head', (t) => {
    t.dropColumn('last_seq');
  });
}
