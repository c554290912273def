import { createDb } from '../../../server/db';
import { migrateLatest, rollbackAll } from '../../../server/db/migrate';
import { describeEachDialect, freshDatabase } from '../../support/dialects';

describeEachDialect('migrations', (dialect) => {
  it('run latest → rollback all → latest cleanly', async () => {
    const database = await freshDatabase(dialect);
    const db = createDb(dialect === 'mysql' ? { client: 'mysql', url: database.url } : { client: 'sqlite', filename: database.url.replace(/^sqlite:/, '') });
    try {
      await migrateLatest(db);
      expect(await db.schema.hasTable('tenders')).toBe(true);
      await rollbackAll(db);
      expect(await db.schema.hasTable('tenders')).toBe(false);
      expect(await db.schema.hasTable('users')).toBe(false);
      await migrateLatest(db);
      expect(await db.schema.hasTable('audit_events')).toBe(true);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });

  it('opens SQLite in WAL mode with foreign keys on', async () => {
    if (dialect !== 'sqlite') {
      return;
    }
    const database = await freshDatabase('sqlite');
    const db = createDb({ client: 'sqlite', filename: database.url.replace(/^sqlite:/, '') });
    try {
      const [journal] = await db.raw('pragma journal_mode');
      const [fk] = await db.raw('pragma foreign_keys');
      expect(journal.journal_mode).toBe('wal');
      expect(fk.foreign_keys).toBe(1);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
