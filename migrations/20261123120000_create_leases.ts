import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Named, expiring leases (server/db/lease.ts): which process runs a job, e.g. a tender's opening (DESIGN §11).
  await knex.schema.createTable('leases', (t) => {
    t.string('name', 191).primary();
    t.string('holder', 191).notNullable();
    t.bigInteger('expires_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('leases');
}
