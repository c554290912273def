/**
 * The hall's live connection (DESIGN §6): socket.io namespace /opening, `join` with lastSeq,
 * events applied in seq order through hall-state, re-join on a gap and on every reconnect (no
 * reload; we do not rely on socket.io's connection-state recovery), and the commands with acks.
 * Outside React so it can be reasoned about alone; use-opening-hall.ts subscribes to it.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, CommandAck, JoinAck, ServerToClientEvents, SessionEvent, WireError } from '../../../server/realtime/protocol';
import { ApiError, sessionEnded } from '../api/http';
import { applyEvent, applyEvents, applyJoin, applyNotice, isMeStale, patchMe, withMe, type HallState, type JoinResult } from './hall-state';
import type { HallMe, Objection, OpeningSnapshot } from './hall-types';
import { answerHttp, confirmHttp, getOpening, objectHttp, signInHttp } from './opening-api';

type OpeningCommands = {
  'sign-in': (req: { tenderId: string }, ack: (res: CommandAck<{ signedInAt: string }>) => void) => void;
  confirm: (req: { tenderId: string }, ack: (res: CommandAck<{ confirmedAt: string }>) => void) => void;
  object: (req: { tenderId: string; text: string }, ack: (res: CommandAck<{ objection: Objection }>) => void) => void;
  answer: (req: { tenderId: string; objectionId: string; text: string }, ack: (res: CommandAck<{ objection: Objection }>) => void) => void;
};
type HallSocket = Socket<ServerToClientEvents, Pick<ClientToServerEvents, 'join'> & OpeningCommands>;

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export type HallView = {
  state: HallState | null;
  /** the HTTP snapshot shown while the socket cannot join (no seq: the next join asks for a snapshot) */
  fallback: OpeningSnapshot | null;
  status: ConnectionStatus;
  /** a refused join or connection (ApiError) */
  error: unknown;
  /** server clock − browser clock, from `time` ticks and snapshots */
  offsetMs: number | null;
};

const ACK_TIMEOUT_MS = 10_000;
/** After this many gaps in a row, ask for a whole snapshot rather than the missed events. */
const MAX_GAP_REJOINS = 3;
const STATUS_OF: Record<string, number> = { UNAUTHENTICATED: 401, TOKEN_EXPIRED: 401, FORBIDDEN: 403, NOT_FOUND: 404, VALIDATION: 400 };

/** A wire error as the ApiError every page already translates. */
export function toApiError(e: WireError): ApiError {
  return new ApiError(STATUS_OF[e.code] ?? 409, e.code, e.message);
}

export type HallConnection = ReturnType<typeof connectHall>;

/** Connects to the hall of one tender; call close() when the page goes. */
export function connectHall(tenderId: string, token: string | null) {
  const socket: HallSocket = io('/opening', { auth: token ? { token } : {}, transports: ['websocket'], reconnection: true });
  let view: HallView = { state: null, fallback: null, status: 'connecting', error: null, offsetMs: null };
  const listeners = new Set<() => void>();
  let pendingJoins = 0;
  /** bumped on every connect: acks of joins sent on an earlier connection are ignored */
  let connection = 0;
  let buffer: SessionEvent[] = [];
  let gapsInARow = 0;

  const set = (patch: Partial<HallView>): void => {
    view = { ...view, ...patch };
    listeners.forEach((fn) => fn());
  };
  const linkStatus = (): ConnectionStatus => (!navigator.onLine ? 'offline' : socket.connected ? 'connected' : socket.active ? 'reconnecting' : 'offline');
  const onLinkChange = (): void => {
    if (navigator.onLine && !socket.active) {
      socket.connect();
    }
    set({ status: linkStatus() });
  };

  socket.on('connect', () => {
    connection += 1;
    pendingJoins = 0;
    set({ status: 'connected', error: null });
    join(false);
  });
  socket.on('disconnect', () => set({ status: linkStatus() }));
  socket.on('signed-out', ({ error }) => sessionEnded(toApiError(error)));
  socket.on('connect_error', (err: Error & { data?: WireError }) => {
    if (err.data && token && (err.data.code === 'UNAUTHENTICATED' || err.data.code === 'TOKEN_EXPIRED')) {
      socket.auth = {}; // a stale session still sees the public hall
      socket.connect();
      return;
    }
    set({ status: linkStatus(), error: err.data ? toApiError(err.data) : view.error });
    if (!view.state && !view.fallback) {
      loadFallback();
    }
  });
  socket.on('event', (e) => {
    if (e.tenderId !== tenderId) {
      return;
    }
    if (pendingJoins > 0 || !view.state) {
      buffer.push(e);
      return;
    }
    const r = applyEvent(view.state, e);
    if (r.outcome === 'gap') {
      join(false);
      return;
    }
    if (r.outcome === 'applied') {
      gapsInARow = 0;
      commit(r.state, [e]);
    }
  });
  socket.on('notice', (n) => {
    if (n.tenderId !== tenderId) {
      return;
    }
    if (view.state) {
      set({ state: applyNotice(view.state, n) });
    }
    refreshMe();
  });
  socket.on('time', ({ now }) => setOffset(Date.parse(now) - Date.now()));
  window.addEventListener('online', onLinkChange);
  window.addEventListener('offline', onLinkChange);

  /** `join`: with lastSeq when we hold a state (missed events), else for a snapshot. */
  function join(fresh: boolean): void {
    if (!socket.connected) {
      return;
    }
    const lastSeq = fresh || !view.state ? undefined : view.state.seq;
    pendingJoins += 1;
    const sentOn = connection;
    socket.timeout(ACK_TIMEOUT_MS).emit('join', lastSeq === undefined ? { tenderId } : { tenderId, lastSeq }, (err, ack) => {
      if (sentOn !== connection) {
        return;
      }
      pendingJoins -= 1;
      if (err) {
        join(fresh); // no ack in time: ask again (no-op while disconnected; `connect` re-joins)
        return;
      }
      onJoined(ack);
    });
  }

  function onJoined(ack: JoinAck): void {
    if ('error' in ack) {
      buffer = [];
      set({ error: toApiError(ack.error) });
      return;
    }
    const r = applyJoin(view.state, ack as JoinResult);
    if ('snapshot' in ack) {
      gapsInARow = 0;
      setOffset(Date.parse(String(ack.snapshot.serverTime)) - Date.now());
      set({ state: r.state, fallback: null, error: null });
    } else if (r.state) {
      set({ error: null });
      commit(r.state, ack.events);
    }
    if (r.outcome === 'gap') {
      rejoinAfterGap();
      return;
    }
    drain();
  }

  /** Events that came while a join was pending, applied in order once it is answered. */
  function drain(): void {
    if (pendingJoins > 0 || !view.state || buffer.length === 0) {
      return;
    }
    const r = applyEvents(view.state, buffer);
    const applied = buffer;
    buffer = [];
    commit(r.state, applied);
    if (r.outcome === 'gap') {
      rejoinAfterGap();
    }
  }

  /** Takes a new state; fetches `me` again when one of the events just applied may have changed it. */
  function commit(next: HallState, events: SessionEvent[]): void {
    const prev = view.state;
    if (next === prev) {
      return;
    }
    set({ state: next });
    if (prev && events.some((e) => e.seq > prev.seq && e.seq <= next.seq && isMeStale(prev.hall, e))) {
      refreshMe();
    }
  }

  function rejoinAfterGap(): void {
    gapsInARow += 1;
    join(gapsInARow > MAX_GAP_REJOINS);
  }

  function setOffset(offsetMs: number): void {
    if (Number.isFinite(offsetMs) && (view.offsetMs === null || Math.abs(offsetMs - view.offsetMs) > 250)) {
      set({ offsetMs });
    }
  }

  function loadFallback(): void {
    getOpening(tenderId).then(
      (snapshot) => {
        if (view.state) {
          set({ state: withMe(view.state, snapshot.me) });
        } else {
          set({ fallback: snapshot });
        }
      },
      (error: unknown) => !view.state && set({ error }),
    );
  }

  let meInFlight = false;
  let meAgain = false;
  /** `me` again over HTTP (events never carry it), one request at a time; the public part and seq stay. */
  function refreshMe(): void {
    if (meInFlight) {
      meAgain = true;
      return;
    }
    meInFlight = true;
    getOpening(tenderId)
      .then(
        (snapshot) => {
          if (view.state) {
            set({ state: withMe(view.state, snapshot.me) });
          } else if (!socket.connected) {
            set({ fallback: snapshot });
          }
        },
        () => undefined,
      )
      .finally(() => {
        meInFlight = false;
        if (meAgain) {
          meAgain = false;
          refreshMe();
        }
      });
  }

  function patch(me: Partial<HallMe>): void {
    if (view.state) {
      set({ state: patchMe(view.state, me) });
    }
  }

  /** A command's ack as a value or an ApiError; over HTTP when the socket is down. */
  async function send<T>(viaSocket: () => Promise<CommandAck<T>>, viaHttp: () => Promise<T>): Promise<T> {
    if (!socket.connected) {
      return viaHttp();
    }
    let ack: CommandAck<T>;
    try {
      ack = await viaSocket();
    } catch {
      throw new ApiError(0, 'NETWORK', 'No answer from the server');
    }
    if ('error' in ack) {
      throw toApiError(ack.error);
    }
    return ack.result as T;
  }

  const t = () => socket.timeout(ACK_TIMEOUT_MS);
  return {
    getView: (): HallView => view,
    subscribe(fn: () => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** After one's own command or a notice: `me` is not carried by events. */
    refresh: refreshMe,
    patch,
    async signIn(): Promise<{ signedInAt: string }> {
      const r = await send(() => t().emitWithAck('sign-in', { tenderId }), () => signInHttp(tenderId));
      patch({ signedInAt: r.signedInAt });
      return r;
    },
    async confirm(): Promise<{ confirmedAt: string }> {
      const r = await send(() => t().emitWithAck('confirm', { tenderId }), () => confirmHttp(tenderId));
      patch({ confirmedAt: r.confirmedAt });
      return r;
    },
    object: (text: string) => send(() => t().emitWithAck('object', { tenderId, text }), () => objectHttp(tenderId, text)),
    answer: (objectionId: string, text: string) => send(() => t().emitWithAck('answer', { tenderId, objectionId, text }), () => answerHttp(tenderId, objectionId, text)),
    close(): void {
      window.removeEventListener('online', onLinkChange);
      window.removeEventListener('offline', onLinkChange);
      listeners.clear();
      socket.disconnect();
    },
  };
}
