/**
 * The evaluation room's live connection (DESIGN §6): socket.io namespace /evaluation, `join` with
 * lastSeq, presence. The session view is viewer-specific (a member's own drafts), so events carry no
 * state here: every sequenced event, and every join that missed some, makes us read GET /evaluation
 * again (one request at a time). seq is kept only to re-join after a reconnect.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, JoinAck, ServerToClientEvents, WireError } from '../../../server/realtime/protocol';
import { ApiError, sessionEnded } from '../api/http';
import type { EvaluationView } from './eval-types';
import { getEvaluation } from './evaluation-api';

type RoomSocket = Socket<ServerToClientEvents, Pick<ClientToServerEvents, 'join'>>;

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export type RoomView = {
  view: EvaluationView | null;
  /** the last sequenced event seen, for `join {lastSeq}` */
  seq: number | null;
  status: ConnectionStatus;
  /** who is in the room now (user ids) */
  presence: string[];
  /** a refused join or read (ApiError) */
  error: unknown;
};

export const IDLE_ROOM: RoomView = { view: null, seq: null, status: 'connecting', presence: [], error: null };

const ACK_TIMEOUT_MS = 10_000;
const STATUS_OF: Record<string, number> = { UNAUTHENTICATED: 401, TOKEN_EXPIRED: 401, FORBIDDEN: 403, NOT_FOUND: 404, VALIDATION: 400 };

function toApiError(e: WireError): ApiError {
  return new ApiError(STATUS_OF[e.code] ?? 409, e.code, e.message);
}

/** The join ack's effect on the room: a snapshot replaces the view; missed events ask for a read. */
export function applyJoinAck(room: RoomView, ack: JoinAck): { room: RoomView; refetch: boolean } {
  if ('error' in ack) {
    return { room: { ...room, error: toApiError(ack.error) }, refetch: false };
  }
  if ('snapshot' in ack) {
    const { seq, ...snapshot } = ack.snapshot;
    const view = snapshot as unknown as EvaluationView;
    // The snapshot says who was in the room as we joined; `presence` events keep it current.
    const presence = view.members.filter((m) => m.present).map((m) => m.userId);
    return { room: { ...room, view, seq, presence, error: null }, refetch: false };
  }
  return { room: { ...room, seq: Math.max(room.seq ?? 0, ack.seq), error: null }, refetch: ack.events.length > 0 || !room.view };
}

export type RoomConnection = ReturnType<typeof connectRoom>;

/** Connects to the evaluation room of one tender; call close() when the page goes. */
export function connectRoom(tenderId: string, token: string | null) {
  const socket: RoomSocket = io('/evaluation', { auth: token ? { token } : {}, transports: ['websocket'], reconnection: true });
  let room: RoomView = IDLE_ROOM;
  const listeners = new Set<() => void>();
  let connection = 0;

  const set = (patch: Partial<RoomView>): void => {
    room = { ...room, ...patch };
    listeners.forEach((fn) => fn());
  };
  const linkStatus = (): ConnectionStatus => (!navigator.onLine ? 'offline' : socket.connected ? 'connected' : socket.active ? 'reconnecting' : 'offline');

  socket.on('connect', () => {
    connection += 1;
    set({ status: 'connected' });
    join();
  });
  socket.on('disconnect', () => set({ status: linkStatus(), presence: [] }));
  socket.on('signed-out', ({ error }) => sessionEnded(toApiError(error)));
  socket.on('connect_error', (err: Error & { data?: WireError }) => {
    set({ status: linkStatus(), error: err.data ? toApiError(err.data) : room.error });
    if (!room.view) {
      refetch(); // the page still shows the session over HTTP
    }
  });
  socket.on('event', (e) => {
    if (e.tenderId !== tenderId) {
      return;
    }
    set({ seq: Math.max(room.seq ?? 0, e.seq) });
    refetch();
  });
  socket.on('presence', (p) => {
    if (p.tenderId === tenderId) {
      set({ presence: p.userIds });
    }
  });

  function join(): void {
    const sentOn = connection;
    const req = room.seq === null ? { tenderId } : { tenderId, lastSeq: room.seq };
    socket.timeout(ACK_TIMEOUT_MS).emit('join', req, (err, ack) => {
      if (sentOn !== connection) {
        return;
      }
      if (err) {
        join(); // no ack in time: ask again (a no-op once disconnected; `connect` re-joins)
        return;
      }
      const r = applyJoinAck(room, ack);
      set(r.room);
      if (r.refetch) {
        refetch();
      }
    });
  }

  let inFlight = false;
  let again = false;
  /** GET /evaluation again, one request at a time; a call during a request reads once more after it. */
  function refetch(): void {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    getEvaluation(tenderId)
      .then(
        (view) => set({ view, error: null }),
        (error: unknown) => set({ error }),
      )
      .finally(() => {
        inFlight = false;
        if (again) {
          again = false;
          refetch();
        }
      });
  }

  return {
    getRoom: (): RoomView => room,
    subscribe(fn: () => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** After one's own command: read the view now rather than wait for the event. */
    refresh: refetch,
    close(): void {
      listeners.clear();
      socket.disconnect();
    },
  };
}
