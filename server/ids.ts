import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** App-made, time-sortable 26-character ids (ULID); MySQL has no RETURNING. */
export function newId(): string {
  return next();
}
