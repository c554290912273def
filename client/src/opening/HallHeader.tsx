import { Alert, Badge, Card, Col, Progress, Row, Space, Statistic, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ConnectionStatus } from './hall-connection';
import type { OpeningSnapshot } from './hall-types';
import { HallCountdown } from './HallCountdown';
import { countdownTarget, stepIndex, STEPS } from './hall-view';

const BADGE: Record<ConnectionStatus, 'success' | 'processing' | 'warning' | 'error'> = {
  connecting: 'processing',
  connected: 'success',
  reconnecting: 'warning',
  offline: 'error',
};

/** The hall's top: connection, stage (Steps), what the stage means, countdown, progress and sign-ins. */
export function HallHeader({ hall, status, offsetMs }: { hall: OpeningSnapshot; status: ConnectionStatus; offsetMs: number | null }) {
  const { t } = useTranslation();
  const failed = hall.status === 'failed';
  const current = stepIndex(hall);
  const { progress } = hall;
  return (
    <Card
      title={
        <Space wrap>
          <Typography.Text type="secondary">{t('opening.hall')}</Typography.Text>
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'normal' }} data-testid="hall-title">
            {hall.title}
          </Typography.Title>
          <Typography.Text type="secondary">{hall.code}</Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Tag data-testid="hall-status" data-status={status}>
            <Badge status={BADGE[status]} text={t(`opening.connection.${status}`)} />
          </Tag>
          <Link to={`/tenders/${hall.tenderId}`}>{t('opening.backToTender')}</Link>
        </Space>
      }
    >
      {failed ? <Alert type="error" showIcon title={t('opening.failedReason', { reason: hall.failureReason ?? '' })} style={{ marginBottom: 16 }} data-testid="hall-failed" /> : null}
      {hall.status === 'opened' && hall.stage === 'ended' ? <Alert type="success" showIcon title={t('opening.completed')} style={{ marginBottom: 16 }} /> : null}
      <div data-testid="hall-stage" data-stage={hall.stage} style={{ marginBottom: 16 }}>
        <Steps
          current={current}
          status={failed ? 'error' : hall.stage === 'ended' ? 'finish' : 'process'}
          items={STEPS.map((s) => ({ title: t(`opening.steps.${s}`) }))}
        />
      </div>
      <Typography.Paragraph type="secondary">{t(`opening.stageHint.${hintKey(hall)}`)}</Typography.Paragraph>
      <Row gutter={[24, 16]}>
        <Col xs={24} md={8}>
          <HallCountdown target={countdownTarget(hall)} offsetMs={offsetMs} />
        </Col>
        <Col xs={24} md={8} data-testid="hall-progress" data-recorded={progress.recorded} data-total={progress.total}>
          <Typography.Text type="secondary">{t('opening.progress')}</Typography.Text>
          <Progress percent={progress.total ? Math.round((progress.recorded / progress.total) * 100) : 0} status={failed ? 'exception' : undefined} />
          <Typography.Text>{t('opening.progressText', progress)}</Typography.Text>
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={t('opening.signIns')}
            value={hall.signIns.count ?? '—'}
            valueRender={(node) => <span data-testid="hall-sign-in-count">{node}</span>}
          />
          {hall.signIns.count === null ? <Typography.Text type="secondary">{t('opening.signInsHidden')}</Typography.Text> : null}
        </Col>
      </Row>
    </Card>
  );
}

function hintKey(hall: OpeningSnapshot): string {
  switch (hall.stage) {
    case 'sign-in':
      return 'signIn';
    case 'decryption':
      return hall.openingMode === 'bidder' ? 'decryptionBidder' : 'decryptionPlatform';
    default:
      return hall.stage;
  }
}
