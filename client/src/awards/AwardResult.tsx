import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { Money } from '../components/Money';
import { PlainText } from '../components/PlainText';
import { ShanghaiTime } from '../components/ShanghaiTime';
import type { Award } from './awards-api';

/** 中标结果: the awarded bidder, price, time and the reason when not the first candidate. */
export function AwardResult({ award }: { award: Award }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="results-award" data-rank={String(award.rank)}>
      <Descriptions.Item label={t('awards.winnerOrg')}>
        <strong data-testid="award-winner">{award.bidderOrganization}</strong>
      </Descriptions.Item>
      <Descriptions.Item label={t('awards.rank')}>{t('awards.rankN', { rank: award.rank })}</Descriptions.Item>
      <Descriptions.Item label={t('awards.awardPrice')}>
        <Money value={award.price} />
      </Descriptions.Item>
      <Descriptions.Item label={t('awards.awardedAt')}>
        <ShanghaiTime value={award.awardedAt} />
      </Descriptions.Item>
      {award.reason ? (
        <Descriptions.Item label={t('awards.reason')} span={2}>
          <PlainText text={award.reason} />
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}
