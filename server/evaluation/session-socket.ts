import type { NamespaceHandlers } from '../realtime';
import type { EvaluationService } from './session';

/**
 * The /evaluation namespace (DESIGN §6): members, the owner agency and supervisors; snapshot on join
 * (the same body as GET /evaluation, with its `seq`), presence, which also fills members' `present`.
 */
export function evaluationNamespace(evaluation: EvaluationService): NamespaceHandlers {
  return {
    authorizeJoin: (actor, tenderId) => evaluation.authorizeJoin(actor, tenderId),
    snapshot: (actor, tenderId) => evaluation.view(actor, tenderId),
    privateRooms: async (actor) => (actor ? [{ userId: actor.id }] : []),
    presence: true,
    attached: (rooms) => evaluation.usePresence((tenderId) => rooms.userIdsIn(tenderId)),
  };
}
