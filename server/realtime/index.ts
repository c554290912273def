export { attachRealtime, type NamespaceHandlers, type Realtime, type HallSocket } from './server';
export { createEventBus, type EventBus } from './events';
export { roomFor } from './rooms';
export type { Namespace, SessionEvent, JoinAck, ServerToClientEvents, ClientToServerEvents } from './protocol';
