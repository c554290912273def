export { createRegistrationService, isRegistered, listRegisteredBidderIds, type RegistrationService } from './service';
export { registrationRouter } from './routes';
export { isRegistrationOpen } from './policy';
export type { Registration } from './store';
export { RegistrationResponse, RegistrationCreatedResponse, OwnRegistrationResponse, OwnRegistrationListResponse } from './schema';
