import type { NamespaceHandlers } from '../realtime';
import type { EvaluationService } from './session';

/** The /evaluation namespace (DESIGN §6): members, the owner agency and supervisors; snapshot on join, presence. */
export function evaluationNamespace(evaluation: EvaluationService): NamespaceHandlers {
  return {
    authorizeJoin: (actor, tenderId) => evaluation.authorizeJoin(actor, tenderId),
    snapshot: (actor, tenderId) => evaluation.view(actor, tenderId),
    privateRooms: async (actor) => (actor ? [{ userId: actor.id }] : []),
    presence: true,
  };
}
