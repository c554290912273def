export { createNotificationService, notify, type NotificationService, type NotifyInput } from './service';
export { notificationsRouter } from './routes';
export type { Notification } from './store';
export { NotificationParams, NotificationKind, NOTIFICATION_KINDS, NotificationResponse, NotificationListResponse } from './schema';
