import { z } from 'zod';

export const NotificationParams = z.object({ notificationId: z.string().regex(/^[0-9A-Z]{26}$/, 'a notification id') });
