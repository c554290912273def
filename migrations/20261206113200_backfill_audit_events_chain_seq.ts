import type { Knex } from 'knex';

/** Every event so far was chained at its insertion number. */
export async function up(knex: Knex): Promise<void> {
  await knex('audit_events').update({ chain_seq: knex.ref('seq') });
}

export async function down(): Promise<void> {
  // The column goes with the previous migration's down().
}
