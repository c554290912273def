import { Alert, App, Button, Card, Space, Tag, Typography } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../components/errors';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { ConfirmationPanel } from './ConfirmationPanel';
import { DecryptPanel } from './DecryptPanel';
import type { HallConnection } from './hall-connection';
import type { OpeningSnapshot } from './hall-types';
import { canDecrypt, canRespond, canSignIn } from './hall-view';
import type { DecryptResult } from './opening-api';

const STATUS_COLOR = { pending: 'blue', valid: 'green', invalid: 'red' } as const;

/** The bidder's own column: 签到, its bid's state, decryption (bidder mode), confirmation and objections. */
export function BidderActions({ hall, conn }: { hall: OpeningSnapshot; conn: HallConnection }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [signing, setSigning] = useState(false);
  const [decrypted, setDecrypted] = useState<DecryptResult['bid'] | null>(null);
  const me = hall.me;
  if (!me) {
    return null;
  }

  async function signIn() {
    setSigning(true);
    try {
      await conn.signIn();
      message.success(t('opening.signedInDone'));
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setSigning(false);
    }
  }

  function onDecrypted(r: DecryptResult) {
    setDecrypted(r.bid);
    conn.patch({ bidStatus: r.bid.status });
    conn.refresh();
    message.success(t('opening.decrypt.done'));
  }

  return (
    <Card title={t('opening.me')} size="small">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {me.signedInAt ? (
          <Tag color="green" data-testid="hall-signed-in">
            {t('opening.signedIn')} · <ShanghaiTime value={me.signedInAt} />
          </Tag>
        ) : canSignIn(hall) ? (
          <Button type="primary" block icon={<LoginOutlined />} loading={signing} onClick={() => void signIn()} data-testid="hall-sign-in">
            {t('opening.signIn')}
          </Button>
        ) : null}
        <div data-testid="hall-my-bid" data-status={me.bidStatus ?? ''}>
          <Typography.Text type="secondary">{t('opening.myBid')}：</Typography.Text>
          {me.hasBid && me.bidStatus ? (
            <Tag color={STATUS_COLOR[me.bidStatus]}>{t(`opening.myBidStatus.${me.bidStatus}`)}</Tag>
          ) : me.hasBid ? (
            <Tag>{t('opening.bidSubmitted')}</Tag>
          ) : (
            <Typography.Text type="secondary">{t('opening.noBidOfMine')}</Typography.Text>
          )}
        </div>
        {decrypted ? (
          <Alert
            type={decrypted.status === 'valid' ? 'success' : 'warning'}
            showIcon
            data-testid="decrypt-result"
            title={`${t('opening.decrypt.done')}：${t(`opening.${decrypted.status}`)}`}
            description={decrypted.reason ?? undefined}
          />
        ) : null}
        {canDecrypt(hall) ? (
          <Card type="inner" size="small" title={t('opening.decrypt.title')}>
            <DecryptPanel tenderId={hall.tenderId} onDecrypted={onDecrypted} onRefused={conn.refresh} />
          </Card>
        ) : null}
        {canRespond(hall) ? <ConfirmationPanel me={me} onConfirm={() => conn.confirm()} onObject={(text) => conn.object(text)} /> : null}
      </Space>
    </Card>
  );
}
