import { fromMsOrNull } from '../db/convert';
import type { Expert } from './experts-store';

/** An expert of the pool as admins see it. */
export function presentExpert(e: Expert) {
  return {
    userId: e.userId,
    displayName: e.displayName,
    organization: e.organizationName === null || e.creditCode === null ? null : { name: e.organizationName, creditCode: e.creditCode },
    specialties: e.specialties,
    available: e.available,
    updatedAt: fromMsOrNull(e.updatedAt),
  };
}
