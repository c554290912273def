import { fromMs, fromMsOrNull } from '../db/convert';
import type { Notification } from './store';

/** A notification as its recipient sees it. */
export function presentNotification(n: Notification) {
  return { id: n.id, tenderId: n.tenderId, kind: n.kind, title: n.title, createdAt: fromMs(n.createdAt), readAt: fromMsOrNull(n.readAt) };
}
