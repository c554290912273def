import { HttpError } from '../http/errors';

/** Turns driver errors into domain errors, once per dialect; other errors pass through. */
export function translateDbError(err: unknown): unknown {
  const e = err as { code?: string; errno?: number };
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'ER_DUP_ENTRY') {
    return new HttpError(409, 'CONFLICT', 'The record already exists');
  }
  if (e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || e?.code === 'ER_NO_REFERENCED_ROW_2' || e?.code === 'ER_ROW_IS_REFERENCED_2') {
    return new HttpError(409, 'CONFLICT', 'The record refers to something missing or is still referred to');
  }
  return err;
}
