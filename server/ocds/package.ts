import { fromMs } from '../db/convert';
import { validationError } from '../http/errors';
import type { DatedRelease, Release } from './releases';
import { Cursor } from './schema';

/** Extensions the releases use beyond the core (package `extensions`): bids in tender, package links. */
export const OCDS_EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_pagination_extension/master/extension.json',
];

export const PUBLISHER = { name: 'TenderHall 公共资源交易平台' };

/** An OCDS 1.1 release package; publishedDate is the latest release's date (the data's last change), or now when empty. */
export function releasePackage(uri: string, releases: DatedRelease[], now: number, next?: string): Record<string, unknown> {
  const latest = releases.reduce((max, r) => Math.max(max, r.at), Number.NEGATIVE_INFINITY);
  return {
    uri,
    version: '1.1',
    extensions: OCDS_EXTENSIONS,
    publishedDate: fromMs(Number.isFinite(latest) ? latest : now),
    publisher: PUBLISHER,
    releases: releases.map((r): Release => r.release),
    ...(next ? { links: { next } } : {}),
  };
}

/** The position after a release in the feed's (date, id) order, for links.next. */
export function encodeCursor(r: DatedRelease): string {
  return Buffer.from(JSON.stringify({ d: r.at, i: r.release.id }), 'utf8').toString('base64url');
}

/** The cursor of a links.next URL; anything else is 400 VALIDATION on `cursor`. */
export function decodeCursor(text: string): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  const parsed = Cursor.safeParse(value);
  if (!parsed.success) {
    throw validationError([{ path: 'cursor', message: 'not a cursor from links.next' }]);
  }
  return parsed.data;
}
