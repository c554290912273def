import type { Actor } from '../auth';
import type { Clock } from '../clock';
import type { Db } from '../db';
import { notFound } from '../http/errors';
import { newId } from '../ids';
import * as store from './store';
import type { NotificationKind } from './schema';
import type { Notification } from './store';

export type NotificationService = ReturnType<typeof createNotificationService>;

export type NotifyInput = { userIds: string[]; tenderId: string | null; kind: NotificationKind; title: string; refId: string | null; at: number };

/** Writes one notification per user inside the caller's transaction (the cause and its notices commit together). */
export async function notify(trx: Db, input: NotifyInput): Promise<void> {
  const unique = [...new Set(input.userIds)];
  await store.insertNotifications(
    trx,
    unique.map((userId) => ({
      id: newId(),
      userId,
      tenderId: input.tenderId,
      kind: input.kind,
      title: input.title,
      refId: input.refId,
      createdAt: input.at,
      readAt: null,
    })),
  );
}

const PAGE = 200;

/** A signed-in user's notifications, newest first, and marking them read. */
export function createNotificationService({ db, clock }: { db: Db; clock: Clock }) {
  return { listOwn, markRead };

  async function listOwn(actor: Actor): Promise<Notification[]> {
    return store.listForUser(db, actor.id, PAGE);
  }

  async function markRead(actor: Actor, id: string): Promise<void> {
    if (!(await store.markRead(db, actor.id, id, clock.now().getTime()))) {
      throw notFound('notification');
    }
  }
}
