import { ObjectionList } from '../components/ObjectionList';
import type { PublicityObjection } from './awards-api';

/** 异议 raised during publicity with their answers; the owner agency gets an answer box under each unanswered one. */
export function PublicityObjections({ objections, onAnswer }: { objections: PublicityObjection[]; onAnswer: ((objectionId: string, text: string) => Promise<unknown>) | null }) {
  return <ObjectionList objections={objections} onAnswer={onAnswer} section="awards" testIds={{ list: 'publicity-objections', itemPrefix: 'objection-' }} />;
}
