export { createNotificationService, notify, type NotificationService, type NotifyInput } from './service';
export { notificationsRouter } from './routes';
export type { Notification, NotificationKind } from './store';
export { NotificationParams } from './schema';
