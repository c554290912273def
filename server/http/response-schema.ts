import { z } from 'zod';

/**
 * Building blocks of the response schemas (DESIGN §4, §9): what the server promises to send.
 * Request schemas accept what a caller may write; these state exactly what leaves the server, so
 * every object is strict (no undocumented key) and every value has its one wire form.
 */

/** A time as the API sends it: ISO-8601 UTC with milliseconds, e.g. 2026-12-25T01:30:00.000Z. */
export const UtcTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO-8601 UTC with milliseconds');
export const UtcTimeOrNull = UtcTime.nullable();

/** Money as the API sends it: a decimal string in yuan with exactly two decimals, e.g. "12500000.00". */
export const YuanAmount = z.string().regex(/^-?\d{1,15}\.\d{2}$/, 'yuan with two decimals');

/** A score, a weight share or a total as the API sends it: a decimal string with two decimals, e.g. "92.41". */
export const DecimalScore = z.string().regex(/^-?\d{1,6}\.\d{2}$/, 'a decimal string with two decimals');

/** Hex SHA-256. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'hex SHA-256');

/** An id made by the app (ULID). */
export const EntityId = z.string().min(1).max(64);

/** A strict object: the response may hold these keys and no other. Use it for every object in a response. */
export const strict = z.strictObject;

/** The `{items: [...]}` list shape. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });
