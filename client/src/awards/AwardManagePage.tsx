import { App, Alert, Button, Card, Popconfirm, Skeleton, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Tender } from '../api/types';
import { CommitteeDrawForm } from '../committee/CommitteeDrawForm';
import { CommitteeMembers } from '../committee/CommitteeMembers';
import { getCommittee } from '../committee/committee-api';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusTag } from '../components/StatusTag';
import { useApi } from '../components/use-api';
import { getTender } from '../tenders/tender-api';
import { agencyStep, hasCommittee, hasResults, type AgencyStep } from './award-view';
import { publishCandidates } from './awards-api';
import { PublicityPanel } from './PublicityPanel';

const STEP_INDEX: Record<AgencyStep, number> = { notYet: 0, draw: 0, evaluating: 1, publish: 2, publicity: 3, awarded: 4, failed: 1, cancelled: 0 };

/** The agency's evaluation and award workspace: committee drawing, evaluation room, publicity, award. */
export function AwardManagePage() {
  const { tenderId = '' } = useParams();
  const { t } = useTranslation();
  const tender = useApi((signal) => getTender(tenderId, signal), [tenderId]);

  if (tender.loading && !tender.data) {
    return <Skeleton active />;
  }
  if (!tender.data) {
    return <ErrorAlert error={tender.error} />;
  }
  const td = tender.data;
  const step = agencyStep(td.status);
  return (
    <Card
      title={
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="award-page-title">
            {td.title}
          </Typography.Title>
          <StatusTag status={td.status} />
        </Space>
      }
      extra={
        <Space wrap>
          <Link to={`/agency/tenders/${td.id}`}>{t('awards.backToManage')}</Link>
          {hasResults(td.status) ? <Link to={`/tenders/${td.id}/results`} data-testid="results-link">{t('awards.resultsPage')}</Link> : null}
        </Space>
      }
    >
      <Steps
        size="small"
        style={{ marginBottom: 24 }}
        current={STEP_INDEX[step]}
        status={step === 'failed' || step === 'cancelled' ? 'error' : step === 'awarded' ? 'finish' : 'process'}
        items={[{ title: t('awards.step.committee') }, { title: t('awards.step.evaluation') }, { title: t('awards.step.publish') }, { title: t('awards.step.publicity') }, { title: t('awards.step.award') }]}
      />
      <Space direction="vertical" style={{ width: '100%' }} size="large">
        <StepBody tender={td} step={step} reload={tender.reload} />
        {hasCommittee(td.status) ? <CommitteeCard tenderId={td.id} /> : null}
      </Space>
    </Card>
  );
}

function StepBody({ tender, step, reload }: { tender: Tender; step: AgencyStep; reload: () => void }) {
  const { t } = useTranslation();
  switch (step) {
    case 'notYet':
    case 'cancelled':
      return <Alert type="info" showIcon title={t(`awards.hint.${step}`)} data-testid="award-step-hint" />;
    case 'draw':
      return (
        <Card size="small" title={t('committee.drawTitle')}>
          <CommitteeDrawForm tender={tender} onDrawn={reload} />
        </Card>
      );
    case 'evaluating':
      return (
        <Alert
          type="info"
          showIcon
          title={t('awards.hint.evaluating')}
          action={
            <Link to={`/tenders/${tender.id}/evaluation`} data-testid="evaluation-room-link">
              <Button type="primary">{t('awards.evaluationRoom')}</Button>
            </Link>
          }
        />
      );
    case 'publish':
      return <PublishCard tender={tender} onPublished={reload} />;
    case 'failed':
      return <Alert type="error" showIcon title={t('awards.hint.failed')} />;
    default:
      return <PublicityPanel tenderId={tender.id} status={tender.status} onAwarded={reload} />;
  }
}

function PublishCard({ tender, onPublished }: { tender: Tender; onPublished: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function publish() {
    setBusy(true);
    setError(null);
    try {
      await publishCandidates(tender.id);
      message.success(t('awards.publishedOk'));
      onPublished();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('awards.publishTitle')}>
      <Typography.Paragraph>{t('awards.hint.publish')}</Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Space wrap>
        <Popconfirm title={t('awards.publishConfirm')} onConfirm={() => void publish()} okButtonProps={{ 'data-testid': 'candidates-publish-confirm' }}>
          <Button type="primary" loading={busy} data-testid="candidates-publish">
            {t('awards.publish')}
          </Button>
        </Popconfirm>
        <Link to={`/tenders/${tender.id}/evaluation`}>{t('awards.evaluationRoom')}</Link>
      </Space>
    </Card>
  );
}

function CommitteeCard({ tenderId }: { tenderId: string }) {
  const { t } = useTranslation();
  const committee = useApi((signal) => getCommittee(tenderId, signal), [tenderId]);
  return (
    <Card size="small" title={t('committee.title')}>
      {committee.loading && !committee.data ? <Skeleton active /> : null}
      <ErrorAlert error={committee.error} />
      {committee.data ? <CommitteeMembers committee={committee.data} /> : null}
    </Card>
  );
}
