/** The socket.io protocol shared with the client (import type only). */

export type Namespace = 'opening' | 'evaluation';

export type WireError = { code: string; message: string };

/** A sequenced event of a tender's live session. */
export type SessionEvent = { seq: number; at: string; type: string; payload: Record<string, unknown> };

export type JoinRequest = { tenderId: string; lastSeq?: number };

/** The acknowledgement of `join`: a full snapshot, the events missed since lastSeq, or an error. */
export type JoinAck =
  | { snapshot: Record<string, unknown> & { seq: number } }
  | { events: SessionEvent[]; seq: number }
  | { error: WireError };

export type CommandAck<T = Record<string, unknown>> = { ok: true; result?: T } | { error: WireError };

export interface ClientToServerEvents {
  join: (req: JoinRequest, ack: (res: JoinAck) => void) => void;
  leave: (req: { tenderId: string }, ack?: (res: CommandAck) => void) => void;
}

export interface ServerToClientEvents {
  /** Sequenced session event for everyone in the tender's room. */
  event: (e: SessionEvent & { tenderId: string }) => void;
  /** Unsequenced, private notice (to one user or role); clients refresh their snapshot on it. */
  notice: (n: { tenderId: string; type: string; payload: Record<string, unknown> }) => void;
  /** Who is in the room (namespaces with presence, e.g. /evaluation). */
  presence: (p: { tenderId: string; userIds: string[] }) => void;
  /** The server clock, for countdowns. */
  time: (t: { now: string }) => void;
  /** The account was disabled, signed out or its token expired: the server disconnects the socket next. */
  'signed-out': (e: { error: WireError }) => void;
}
