import type { Knex } from 'knex';

/** The head's last insertion number: the highest seq so far. */
export async function up(knex: Knex): Promise<void> {
  const row = await knex('audit_events').max({ m: 'seq' }).first<{ m: number | string | null }>();
  await knex('audit_head').where({ id: 1 }).update({ last_seq: Number(row?.m ?? 0) });
}

export async function down(): Promise<void> {
  // The column goes with the previous migration's down().
}
