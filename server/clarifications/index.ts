export { createClarificationService, type ClarificationService } from './service';
export { clarificationsRouter } from './routes';
export type { Clarification, Question } from './store';
export {
  AskQuestionBody,
  PublishClarificationBody,
  QuestionResponse,
  SupervisedQuestionResponse,
  QuestionCreatedResponse,
  QuestionListResponse,
  ClarificationResponse,
  ClarificationCreatedResponse,
  ClarificationListResponse,
} from './schema';
