import { loadConfig } from '../config';
import { createDb } from './index';
import { migrateLatest, rollbackAll } from './migrate';

async function run(): Promise<void> {
  const db = createDb(loadConfig().database);
  try {
    if (process.argv[2] === 'rollback-all') {
      await rollbackAll(db);
    } else {
      await migrateLatest(db);
    }
    console.log('migrations: done');
  } finally {
    await db.destroy();
  }
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
