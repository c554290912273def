import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { splitDuration, useCountdown } from './server-time';

/** Time left until a deadline by the server clock; "已截止" when it has passed. */
export function Countdown({ deadline, testId = 'countdown' }: { deadline: string; testId?: string }) {
  const { t } = useTranslation();
  const left = useCountdown(deadline);
  if (left === null) {
    return <Typography.Text type="secondary">…</Typography.Text>;
  }
  if (left <= 0) {
    return <Typography.Text type="danger" data-testid={testId} data-left="0">{t('bid.deadlinePassed')}</Typography.Text>;
  }
  const d = splitDuration(left);
  return (
    <Typography.Text strong data-testid={testId} data-left={String(left)} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {t('bid.countdown', { days: d.days, hh: d.hh, mm: d.mm, ss: d.ss })}
    </Typography.Text>
  );
}
