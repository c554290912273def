export { createAwardService, type AwardService } from './service';
export { awardsRouter } from './routes';
export { readEvaluationResult, type EvaluationResult, type RankedBid } from './evaluation-result';
export type { Award, Publicity, PublicityObjection } from './store';
export {
  PublicityObjectionParams, PublicityTextBody, AwardBody, PublicityResponse, PublicCandidateResponse, PublicityObjectionResponse, NamedPublicityObjectionResponse,
  PublicityObjectionEnvelopeResponse, AwardResponse,
} from './schema';
