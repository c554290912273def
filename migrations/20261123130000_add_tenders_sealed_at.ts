import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // sealed_at: when the opening fixed the bids in force (no bid commits after it, DESIGN §2);
  // failed_at/failure_reason: 流标 with its reason on record (招标投标法实施条例 art. 44: < 3 bids).
  await knex.schema.alterTable('tenders', (t) => {
    t.bigInteger('sealed_at').nullable();
    t.bigInteger('failed_at').nullable();
    t.string('failure_reason', 500).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenders', (t) => {
    t.dropColumn('failure_reason');
    t.dropColumn('failed_at');
    t.dropColumn('sealed_at');
  });
}
