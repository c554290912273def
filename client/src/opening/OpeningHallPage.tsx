import { Card, Col, List, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../api/http';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { BidderActions } from './BidderActions';
import { BidsTable } from './BidsTable';
import { HallHeader } from './HallHeader';
import { HostControls } from './HostControls';
import type { Confirmation, SignIn } from './hall-types';
import { canAnswer } from './hall-view';
import { ObjectionsList } from './ObjectionsList';
import { useOpeningHall } from './use-opening-hall';

/**
 * 开标大厅 (DESIGN §6, issue 4): the live opening of one tender for everyone who can see it. The
 * public part is the same for every viewer; `me` only decides the caller's buttons.
 */
export function OpeningHallPage() {
  const { tenderId = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const { view, hall: conn } = useOpeningHall(tenderId, user?.id ?? null);
  const hall = view.state?.hall ?? view.fallback;

  if (!hall || !conn) {
    if (view.error instanceof ApiError && view.error.status === 404) {
      return <Result status="404" title="404" subTitle={t('errors.NOT_FOUND')} />;
    }
    return view.error ? <ErrorAlert error={view.error} /> : <Skeleton active />;
  }
  const bidder = hall.me?.role === 'bidder';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <HallHeader hall={hall} status={view.status} offsetMs={view.offsetMs} />
      <HostControls hall={hall} />
      <ErrorAlert error={view.error} />
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={bidder ? 16 : 24}>
          <Space direction="vertical" style={{ width: '100%' }} size="large">
            <Card title={t('opening.bids')} size="small">
              <BidsTable hall={hall} />
            </Card>
            <Card title={t('opening.objections')} size="small">
              <ObjectionsList objections={hall.objections} onAnswer={canAnswer(hall) ? (id, text) => conn.answer(id, text) : null} />
            </Card>
            <Row gutter={[24, 24]}>
              <Col xs={24} md={12}>
                <Card title={t('opening.confirmations')} size="small">
                  <ConfirmationsList items={hall.confirmations} />
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card title={t('opening.signIns')} size="small">
                  <SignInsList count={hall.signIns.count} items={hall.signIns.bidders} />
                </Card>
              </Col>
            </Row>
          </Space>
        </Col>
        {bidder ? (
          <Col xs={24} lg={8}>
            <BidderActions hall={hall} conn={conn} />
          </Col>
        ) : null}
      </Row>
    </Space>
  );
}

function ConfirmationsList({ items }: { items: Confirmation[] }) {
  const { t } = useTranslation();
  return (
    <List<Confirmation>
      size="small"
      dataSource={items}
      locale={{ emptyText: t('opening.noConfirmations') }}
      data-testid="hall-confirmations"
      renderItem={(c) => (
        <List.Item>
          <Typography.Text>{c.bidderOrganization ?? '—'}</Typography.Text>
          <Space>
            {c.deemed ? <Tag>{t('opening.deemed')}</Tag> : <Tag color="green">{t('opening.confirm.done')}</Tag>}
            <ShanghaiTime value={c.confirmedAt} />
          </Space>
        </List.Item>
      )}
    />
  );
}

function SignInsList({ count, items }: { count: number | null; items: SignIn[] }) {
  const { t } = useTranslation();
  if (count === null) {
    return <Typography.Text type="secondary">{t('opening.signInsHidden')}</Typography.Text>;
  }
  return (
    <List<SignIn>
      size="small"
      header={t('opening.signInCount', { count })}
      dataSource={items}
      data-testid="hall-sign-ins"
      renderItem={(s) => (
        <List.Item>
          <Typography.Text>{s.bidderOrganization ?? '—'}</Typography.Text>
          <ShanghaiTime value={s.signedInAt} />
        </List.Item>
      )}
    />
  );
}
