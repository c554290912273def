import { Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Money } from '../components/Money';
import type { EvalBid } from './eval-types';
import { bid8, itemEntries } from './eval-view';

/** A bid as the committee sees it: the bidder, its opened items (price first) and its commitment digest. */
export function BidCell({ bid }: { bid: EvalBid }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text strong>{bid.bidderOrganization ?? '—'}</Typography.Text>
      {itemEntries(bid).map(([k, v]) => (
        <Typography.Text key={k} type="secondary" style={{ fontSize: 12 }}>
          {t(`openingItem.${k}`, { defaultValue: k })}{t('evaluation.colon')}{k === 'price' ? <Money value={v} /> : v}
        </Typography.Text>
      ))}
      <Tooltip title={bid.bid}>
        <Typography.Text code style={{ fontSize: 11 }}>
          {bid8(bid.bid)}
        </Typography.Text>
      </Tooltip>
    </Space>
  );
}
