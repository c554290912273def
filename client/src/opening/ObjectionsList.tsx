import { ObjectionList } from '../components/ObjectionList';
import type { Objection } from './hall-types';

/** 异议 in the opening hall, live; the tender's agency gets an answer box under each unanswered one. */
export function ObjectionsList({ objections, onAnswer }: { objections: Objection[]; onAnswer: ((objectionId: string, text: string) => Promise<unknown>) | null }) {
  return <ObjectionList objections={objections} onAnswer={onAnswer} section="opening" testIds={{ list: 'hall-objections', itemPrefix: 'hall-objection-' }} />;
}
