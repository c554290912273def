import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

const key = (name: string): string =>
  createHash('sha256').update(name.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase()).digest('hex');

/**
 * Fills organizations.name_key for the rows made before names were unique. An organization whose
 * name another (older) one already holds keeps a key of its own (hash of name and id) so nothing is
 * lost; new registrations under either name are then refused.
 */
export async function up(knex: Knex): Promise<void> {
  const rows: { id: string; name: string }[] = await knex('organizations').whereNull('name_key').orderBy([{ column: 'created_at' }, { column: 'id' }]).select('id', 'name');
  const seen = new Set<string>((await knex('organizations').whereNotNull('name_key').select('name_key')).map((r: { name_key: string }) => r.name_key));
  for (const r of rows) {
    let k = key(r.name);
    if (seen.has(k)) {
      k = createHash('sha256').update(`${k}:${r.id}`).digest('hex');
    }
    seen.add(k);
    await knex('organizations').where({ id: r.id }).update({ name_key: k });
  }
}

export async function down(): Promise<void> {
  // Nothing to undo: the column goes with the previous migration's down().
}
