import { Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { Money } from '../components/Money';
import { BidDocuments } from './BidDocuments';
import type { EvalBid } from './eval-types';
import { bid8, itemEntries } from './eval-view';

/** A bid as the committee sees it: the bidder, its opened items (price first), its commitment digest and (with tenderId) its documents. */
export function BidCell({ bid, tenderId }: { bid: EvalBid; tenderId?: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const canRead = tenderId && (user?.role === 'evaluator' || user?.role === 'supervisor');
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text strong>{bid.bidderOrganization ?? '—'}</Typography.Text>
      {itemEntries(bid).map(([k, v]) => (
        <Typography.Text key={k} type="secondary" style={{ fontSize: 12 }}>
          {t(`openingItem.${k}`, { defaultValue: k })}{t('evaluation.colon')}{k === 'price' ? <Money value={v} /> : v}
        </Typography.Text>
      ))}
      <Tooltip title={bid.sha256}>
        <Typography.Text code style={{ fontSize: 11 }}>
          {bid8(bid.sha256)}
        </Typography.Text>
      </Tooltip>
      {canRead ? <BidDocuments tenderId={tenderId} bid={bid.sha256} bidder={bid.bidderOrganization} /> : null}
    </Space>
  );
}
