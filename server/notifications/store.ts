import type { Db } from '../db';
import type { NotificationKind } from './schema';

/** A message to one user; times in epoch ms. */
export type Notification = {
  id: string;
  userId: string;
  tenderId: string | null;
  kind: NotificationKind;
  title: string;
  refId: string | null;
  createdAt: number;
  readAt: number | null;
};

type Row = {
  id: string;
  user_id: string;
  tender_id: string | null;
  kind: string;
  title: string;
  ref_id: string | null;
  created_at: number | string;
  read_at: number | string | null;
};

function toNotification(r: Row): Notification {
  return {
    id: r.id,
    userId: r.user_id,
    tenderId: r.tender_id,
    kind: r.kind as NotificationKind,
    title: r.title,
    refId: r.ref_id,
    createdAt: Number(r.created_at),
    readAt: r.read_at === null ? null : Number(r.read_at),
  };
}

export async function insertNotifications(db: Db, items: Notification[]): Promise<void> {
  if (items.length === 0) {
    return;
  }
  await db('notifications').insert(
    items.map((n) => ({
      id: n.id,
      user_id: n.userId,
      tender_id: n.tenderId,
      kind: n.kind,
      title: n.title,
      ref_id: n.refId,
      created_at: n.createdAt,
      read_at: n.readAt,
    })),
  );
}

export async function listForUser(db: Db, userId: string, limit: number): Promise<Notification[]> {
  const rows: Row[] = await db('notifications')
    .where({ user_id: userId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit);
  return rows.map(toNotification);
}

/** Marks the user's notification read (first read time kept); false when it is not theirs. */
export async function markRead(db: Db, userId: string, id: string, at: number): Promise<boolean> {
  const mine = await db('notifications').where({ id, user_id: userId }).first('id');
  if (!mine) {
    return false;
  }
  await db('notifications').where({ id, user_id: userId }).whereNull('read_at').update({ read_at: at });
  return true;
}
