import type { Actor } from '../auth';
import { fromMs } from '../db/convert';
import { unauthenticated } from '../http/errors';
import { parse } from '../http/validate';
import type { HallSocket, NamespaceHandlers } from '../realtime';
import { presentObjection, presentSnapshot } from './present';
import { AnswerPayload, ObjectPayload, OpeningTenderPayload } from './schema';
import type { OpeningService } from './service';

/** The /opening namespace (DESIGN §6): join with the snapshot, a private room per user, and the hall's commands. */
export function openingNamespace(opening: OpeningService): NamespaceHandlers {
  return {
    authorizeJoin: (actor, tenderId) => opening.authorizeJoin(actor, tenderId),
    snapshot: async (actor, tenderId) => presentSnapshot(await opening.snapshot(actor, tenderId)),
    privateRooms: async (actor) => (actor ? [{ userId: actor.id }] : []),
    commands: {
      'sign-in': async (socket, payload) => {
        const { tenderId } = parse(OpeningTenderPayload, payload);
        const { signedInAt } = await opening.signIn(signedIn(socket), tenderId);
        return { signedInAt: fromMs(signedInAt) };
      },
      confirm: async (socket, payload) => {
        const { tenderId } = parse(OpeningTenderPayload, payload);
        const { confirmedAt } = await opening.confirm(signedIn(socket), tenderId);
        return { confirmedAt: fromMs(confirmedAt) };
      },
      object: async (socket, payload) => {
        const { tenderId, text } = parse(ObjectPayload, payload);
        return { objection: presentObjection(await opening.object(signedIn(socket), tenderId, text)) };
      },
      answer: async (socket, payload) => {
        const { tenderId, objectionId, text } = parse(AnswerPayload, payload);
        return { objection: presentObjection(await opening.answer(signedIn(socket), tenderId, objectionId, text)) };
      },
    },
  };
}

function signedIn(socket: HallSocket): Actor {
  const { actor } = socket.data;
  if (!actor) {
    throw unauthenticated();
  }
  return actor;
}
