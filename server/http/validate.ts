import type { z } from 'zod';
import { validationError } from './errors';

/** Parses value with schema or throws 400 VALIDATION listing every issue as fields. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  throw validationError(
    result.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
      const base = issue.path.map(String).join('.');
      return keys.length > 0
        ? { path: keys.map((k) => (base ? `${base}.${k}` : k)).join(','), message: `unknown field(s): ${keys.join(', ')}` }
        : { path: base, message: issue.message };
    }),
  );
}
