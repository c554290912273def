import { z } from 'zod';
import { EntityId, UtcTime, UtcTimeOrNull, itemsOf, strict } from '../http/response-schema';

export const NotificationParams = z.object({ notificationId: z.string().regex(/^[0-9A-Z]{26}$/, 'a notification id') });

/**
 * What a notification is about: clarification (澄清/修改 published, to every registered bidder),
 * award_notice (中标通知书, to the winning bidder), result_notice (中标结果通知书, to the other bidders).
 */
export const NOTIFICATION_KINDS = ['clarification', 'award_notice', 'result_notice'] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** A notification as its recipient sees it (docs/api-contracts.md, Questions and clarifications). */
export const NotificationResponse = strict({ id: EntityId, tenderId: EntityId, kind: NotificationKind, title: z.string(), createdAt: UtcTime, readAt: UtcTimeOrNull });

/** GET /me/notifications: newest first. */
export const NotificationListResponse = itemsOf(NotificationResponse);
