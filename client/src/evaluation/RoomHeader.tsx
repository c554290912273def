import { Alert, Badge, Card, List, Space, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Tender } from '../api/types';
import type { EvalMember, EvaluationView } from './eval-types';
import { stepIndex, STEPS } from './eval-view';
import type { ConnectionStatus } from './room-connection';

const BADGE: Record<ConnectionStatus, 'success' | 'processing' | 'warning' | 'error'> = {
  connecting: 'processing',
  connected: 'success',
  reconnecting: 'warning',
  offline: 'error',
};

type Props = { view: EvaluationView; tender: Tender | undefined; status: ConnectionStatus; presence: string[] };

/** The room's top: the tender, connection, the stage (Steps) and what it means, the committee with who is online. */
export function RoomHeader({ view, tender, status, presence }: Props) {
  const { t } = useTranslation();
  const { stage } = view;
  return (
    <Card
      title={
        <Space wrap>
          <Typography.Text type="secondary">{t('evaluation.room')}</Typography.Text>
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'normal' }} data-testid="eval-title">
            {tender?.title ?? ''}
          </Typography.Title>
          <Typography.Text type="secondary">{tender?.code ?? ''}</Typography.Text>
          <Tag>{t(`evaluationMethod.${view.evaluationMethod}`)}</Tag>
        </Space>
      }
      extra={
        <Space>
          <Tag data-testid="eval-status" data-status={status}>
            <Badge status={BADGE[status]} text={t(`evaluation.connection.${status}`)} />
          </Tag>
          <Link to={`/tenders/${view.tenderId}`}>{t('evaluation.backToTender')}</Link>
        </Space>
      }
    >
      {view.me.role === 'observer' ? <Alert type="info" showIcon title={t('evaluation.observer')} style={{ marginBottom: 16 }} data-testid="eval-observer" /> : null}
      {stage === 'rejected' ? (
        <Alert type="error" showIcon title={t('evaluation.rejected', { reason: view.rejectedReason ?? '' })} style={{ marginBottom: 16 }} data-testid="eval-rejected" />
      ) : null}
      <div data-testid="eval-stage" data-stage={stage} style={{ marginBottom: 16 }}>
        <Steps
          current={stepIndex(stage)}
          status={stage === 'rejected' ? 'error' : stage === 'done' ? 'finish' : 'process'}
          items={STEPS.map((s) => ({ title: t(`evaluation.steps.${s}`) }))}
        />
      </div>
      <Typography.Paragraph type="secondary">{t(`evaluation.stageHint.${stage}`)}</Typography.Paragraph>
      <MembersList view={view} presence={presence} />
    </Card>
  );
}

function MembersList({ view, presence }: { view: EvaluationView; presence: string[] }) {
  const { t } = useTranslation();
  const online = new Set(presence);
  return (
    <List<EvalMember>
      size="small"
      header={<Typography.Text strong>{t('evaluation.members')}</Typography.Text>}
      dataSource={view.members}
      data-testid="eval-members"
      renderItem={(m) => (
        <List.Item data-testid={`eval-member-${m.userId}`} data-online={online.has(m.userId)}>
          <Space wrap>
            <Badge status={online.has(m.userId) ? 'success' : 'default'} text={online.has(m.userId) ? t('evaluation.online') : t('evaluation.offline')} />
            <Typography.Text strong={m.userId === view.me.userId}>
              {m.displayName}
              {m.userId === view.me.userId ? ` (${t('evaluation.me')})` : ''}
            </Typography.Text>
            {m.chair ? <Tag color="gold">{t('evaluation.chair')}</Tag> : null}
          </Space>
          <Space wrap>
            {m.complianceSubmittedAt ? <Tag color="blue">{t('evaluation.submitted.compliance')}</Tag> : null}
            {m.scoresSubmittedAt ? <Tag color="purple">{t('evaluation.submitted.scores')}</Tag> : null}
            {m.returned ? <Tag color="orange">{t('evaluation.returnedTag')}</Tag> : null}
            {m.signedAt ? <Tag color="green">{t('evaluation.submitted.signature')}</Tag> : null}
          </Space>
        </List.Item>
      )}
    />
  );
}
