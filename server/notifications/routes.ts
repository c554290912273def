import { Router } from 'express';
import type { AppContext } from '../context';
import { actorOf, requireAuth } from '../http/auth';
import { parse } from '../http/validate';
import { presentNotification } from './present';
import { NotificationParams } from './schema';

/** /me/notifications: the signed-in user's own notices. */
export function notificationsRouter({ notifications }: Pick<AppContext, 'notifications'>): Router {
  const r = Router();

  r.get('/me/notifications', requireAuth, async (req, res) => {
    res.json({ items: (await notifications.listOwn(actorOf(req))).map(presentNotification) });
  });

  r.post('/me/notifications/:notificationId/read', requireAuth, async (req, res) => {
    const { notificationId } = parse(NotificationParams, req.params);
    await notifications.markRead(actorOf(req), notificationId);
    res.status(204).end();
  });

  return r;
}
