import { Alert, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import type { OpeningSnapshot } from './hall-types';
import { hostControl } from './hall-view';
import { pauseHttp, resumeHttp } from './opening-api';

/** The paused banner for everyone; pause (with a reason) and resume for the host (DESIGN §6). */
export function HostControls({ hall }: { hall: OpeningSnapshot }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const control = hostControl(hall);

  const run = (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    fn()
      .then(() => setReason(''))
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {hall.pausedAt ? <Alert type="warning" showIcon data-testid="hall-paused" title={t('opening.host.paused', { reason: hall.pauseReason ?? '' })} /> : null}
      {control === 'pause' ? (
        <Space.Compact style={{ width: '100%' }}>
          <Input data-testid="hall-pause-reason" maxLength={500} value={reason} placeholder={t('opening.host.reason')} onChange={(e) => setReason(e.target.value)} />
          <Button data-testid="hall-pause" danger loading={busy} disabled={reason.trim().length < 2} onClick={() => run(() => pauseHttp(hall.tenderId, reason.trim()))}>
            {t('opening.host.pause')}
          </Button>
        </Space.Compact>
      ) : null}
      {control === 'resume' ? (
        <Button data-testid="hall-resume" type="primary" loading={busy} onClick={() => run(() => resumeHttp(hall.tenderId))}>
          {t('opening.host.resume')}
        </Button>
      ) : null}
      <ErrorAlert error={error} />
    </Space>
  );
}
