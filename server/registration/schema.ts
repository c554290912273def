import { z } from 'zod';
import { EntityId, UtcTime, strict } from '../http/response-schema';
import { TenderStatus } from '../tenders';

/** A registration (获取招标文件) as its bidder sees it (docs/api-contracts.md, Registration). */
export const RegistrationResponse = strict({ tenderId: EntityId, registeredAt: UtcTime });

/** POST /tenders/:id/registrations. */
export const RegistrationCreatedResponse = strict({ registration: RegistrationResponse });

/** GET /tenders/:id/registration: the bidder's own, or null. */
export const OwnRegistrationResponse = strict({ registration: RegistrationResponse.nullable() });

/** GET /me/registrations: the bidder's registrations with a summary of each tender. */
export const OwnRegistrationListResponse = strict({
  items: z.array(
    strict({
      tenderId: EntityId,
      registeredAt: UtcTime,
      tender: strict({ id: EntityId, title: z.string(), code: z.string(), status: TenderStatus, bidDeadline: UtcTime }),
    }),
  ),
});
