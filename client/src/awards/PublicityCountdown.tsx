import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { splitDuration, useCountdown } from '../components/server-time';

/** Time left in the publicity period (公示期) by the server clock. */
export function PublicityCountdown({ endsAt }: { endsAt: string }) {
  const { t } = useTranslation();
  const left = useCountdown(endsAt);
  if (left === null) {
    return <Typography.Text type="secondary">…</Typography.Text>;
  }
  if (left <= 0) {
    return (
      <Typography.Text type="secondary" data-testid="publicity-countdown" data-left="0">
        {t('awards.publicityOver')}
      </Typography.Text>
    );
  }
  const d = splitDuration(left);
  return (
    <Typography.Text strong data-testid="publicity-countdown" data-left={String(left)} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {t('awards.publicityLeft', { days: d.days, hh: d.hh, mm: d.mm, ss: d.ss })}
    </Typography.Text>
  );
}
