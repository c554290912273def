import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The host paused the hall (DESIGN §6): its windows stand still until it resumes.
  await knex.schema.alterTable('opening_sessions', (t) => {
    t.bigInteger('paused_at').nullable();
    t.string('pause_reason', 500).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('opening_sessions', (t) => {
    t.dropColumn('pause_reason');
    t.dropColumn('paused_at');
  });
}
