import { Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { splitDuration } from '../components/server-time';
import { ShanghaiTime } from '../components/ShanghaiTime';
import type { CountdownTarget } from './hall-view';
import { useServerNow } from './use-opening-hall';

/** Time left in the stage by the server clock (`time` ticks), never the browser's. */
export function HallCountdown({ target, offsetMs }: { target: CountdownTarget | null; offsetMs: number | null }) {
  const { t } = useTranslation();
  const now = useServerNow(offsetMs);
  if (!target) {
    return <Statistic title={t('opening.countdown.none')} value="—" valueRender={() => <span data-testid="hall-countdown" data-left="">—</span>} />;
  }
  const left = now === null ? null : Date.parse(target.at) - now;
  const d = left === null ? null : splitDuration(left);
  const text = left === null || !d ? '…' : left <= 0 ? t('opening.countdown.passed') : t('opening.countdown.value', { days: d.days, hh: d.hh, mm: d.mm, ss: d.ss });
  return (
    <Statistic
      title={t(`opening.countdown.${target.kind}`)}
      value={text}
      valueRender={() => (
        <span data-testid="hall-countdown" data-kind={target.kind} data-left={left === null ? '' : String(Math.max(0, left))} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {text}
        </span>
      )}
      suffix={
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
          <ShanghaiTime value={target.at} />
        </Typography.Text>
      }
    />
  );
}
