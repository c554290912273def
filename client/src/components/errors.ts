import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/http';

/** The user's language text for an error: the code's translation, else the message. */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`;
    const text = t(key);
    return text === key ? err.message : text;
  }
  return err instanceof Error ? err.message : String(err);
}

/** "criteria.1.weight" → ['criteria', 1, 'weight'] (antd form name path). */
export function toNamePath(path: string): (string | number)[] {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts the server's field issues (400 VALIDATION / SCHEDULE_RULE fields[].path) on the matching
 * form fields; returns the issues no field took, to show in an alert.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, known: (path: string) => boolean = () => true): ApiError['fields'] {
  if (!(err instanceof ApiError) || err.fields.length === 0) {
    return [];
  }
  const byPath = new Map<string, string[]>();
  const rest: ApiError['fields'] = [];
  for (const f of err.fields) {
    // "a,b" lists unknown keys; they belong to no field.
    if (!f.path || f.path.includes(',') || !known(f.path)) {
      rest.push(f);
      continue;
    }
    byPath.set(f.path, [...(byPath.get(f.path) ?? []), f.message]);
  }
  form.setFields([...byPath].map(([path, errors]) => ({ name: toNamePath(path), errors })));
  return rest;
}
