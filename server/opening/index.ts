export { createOpeningScheduler, type OpeningScheduler, type OpeningSchedulerDeps } from './scheduler';
export type { OnDeadline } from './runs';
export { OPENING_STARTED, type OpeningStarted } from './events';
export { createOpeningService, type OpeningService } from './service';
export { openingRouter } from './routes';
export { openingNamespace } from './socket';
export { ObjectionParams, DecryptBody, TextBody, PauseBody } from './schema';
export {
  CommitmentListResponse, OpeningSnapshotResponse, SignInResponse, EnvelopeResponse, DecryptResponse, ConfirmResponse, ObjectionEnvelopeResponse, PauseResponse, ResumeResponse,
} from './schema';
