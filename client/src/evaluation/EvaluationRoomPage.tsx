import { Alert, Result, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../api/http';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { useApi } from '../components/use-api';
import { getTender } from '../tenders/tender-api';
import { ChairActions } from './ChairActions';
import { ChairVote } from './ChairVote';
import { ComplianceMatrix } from './ComplianceMatrix';
import { ComplianceResult } from './ComplianceResult';
import type { EvaluationView } from './eval-types';
import { controlsOf, myMember, submittedCount } from './eval-view';
import { FlagsList } from './FlagsList';
import { MemberScores } from './MemberScores';
import { RankingTable } from './RankingTable';
import { ReportSignatureCard } from './ReportSignatureCard';
import { ReportSummary } from './ReportSummary';
import { RoomHeader } from './RoomHeader';
import { ScoringForm } from './ScoringForm';
import { SignForm } from './SignForm';
import { useEvaluationRoom } from './use-evaluation-room';

/**
 * 评标室 (DESIGN §6, issue 5): the committee's live workspace, stage by stage; the owner agency and
 * supervisors follow it read-only. Every change comes back through GET /evaluation (the viewer's view).
 */
export function EvaluationRoomPage() {
  const { tenderId = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const { room, conn } = useEvaluationRoom(tenderId, user?.id ?? null);
  const tender = useApi((signal) => getTender(tenderId, signal), [tenderId]);
  const view = room.view;

  if (!view || !conn) {
    if (room.error instanceof ApiError && room.error.status === 404) {
      return <Result status="404" title="404" subTitle={t('evaluation.notStarted')} />;
    }
    if (room.error instanceof ApiError && room.error.status === 403) {
      return <Result status="403" title="403" subTitle={t('errors.FORBIDDEN')} />;
    }
    return room.error ? <ErrorAlert error={room.error} /> : <Skeleton active />;
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <RoomHeader view={view} tender={tender.data} status={room.status} presence={room.presence} />
      <ErrorAlert error={room.error} />
      <StageBody view={view} onDone={conn.refresh} />
    </Space>
  );
}

/** Cards one below the other (null children take no space). */
function Stack({ children }: { children: React.ReactNode }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {children}
    </Space>
  );
}

/** What the current stage shows; controls only where controlsOf allows them. */
function StageBody({ view, onDone }: { view: EvaluationView; onDone: () => void }) {
  const { t } = useTranslation();
  const controls = controlsOf(view);
  const me = myMember(view);
  const chairPanel = view.me.chair && (controls.returnScores || controls.rejectAll || view.stage === 'review') ? <ChairActions view={view} controls={controls} onDone={onDone} /> : null;
  switch (view.stage) {
    case 'chair':
      return <ChairVote view={view} canVote={controls.vote} onDone={onDone} />;
    case 'compliance':
      return <ComplianceMatrix key={me?.complianceSubmittedAt ?? 'open'} view={view} editable={controls.editCompliance} onDone={onDone} />;
    case 'scoring':
      return (
        <Stack>
          <ScoringForm key={`${me?.scoresSubmittedAt ?? 'open'}:${me?.returned ?? ''}`} view={view} editable={controls.editScores} onDone={onDone} />
          {chairPanel}
          <ComplianceResult view={view} />
        </Stack>
      );
    case 'review':
      return (
        <Stack>
          <RankingTable view={view} />
          <FlagsList view={view} canResolve={controls.resolveFlags} onDone={onDone} />
          {chairPanel}
          <MemberScores view={view} />
          <ComplianceResult view={view} />
        </Stack>
      );
    case 'signing':
    case 'done':
      return (
        <Stack>
          {view.stage === 'done' ? <Alert type="success" showIcon title={t('evaluation.doneBanner')} data-testid="eval-done" /> : null}
          {controls.sign ? <SignForm tenderId={view.tenderId} onDone={onDone} /> : null}
          {me?.signedAt ? <Alert type="info" showIcon title={t('evaluation.sign.signed')} data-testid="sign-done" /> : null}
          {view.stage === 'done' && me ? <ReportSignatureCard key={view.stage} tenderId={view.tenderId} /> : null}
          <ReportSummary tenderId={view.tenderId} signed={submittedCount(view, 'signature')} />
          <RankingTable view={view} />
        </Stack>
      );
    case 'rejected':
      return view.compliance.result ? <ComplianceResult view={view} /> : null;
    default:
      return null;
  }
}
