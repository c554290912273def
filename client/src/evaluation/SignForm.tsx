import { Button, Card, Input, Popconfirm, Radio, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { signReport } from './evaluation-api';

/** A member signs the report: agree, or disagree with written reasons (a dissent). */
export function SignForm({ tenderId, onDone }: { tenderId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<'agree' | 'disagree'>('agree');
  const [dissent, setDissent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ready = choice === 'agree' || dissent.trim().length > 0;
  const sign = async () => {
    setBusy(true);
    setError(null);
    try {
      await signReport(tenderId, choice === 'agree', choice === 'agree' ? undefined : dissent.trim());
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('evaluation.sign.title')} size="small" data-testid="eval-sign">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as 'agree' | 'disagree')}>
          <Radio value="agree">
            <span data-testid="sign-agree">{t('evaluation.sign.agree')}</span>
          </Radio>
          <Radio value="disagree">
            <span data-testid="sign-disagree">{t('evaluation.sign.disagree')}</span>
          </Radio>
        </Radio.Group>
        {choice === 'disagree' ? (
          <Input.TextArea rows={4} maxLength={5000} value={dissent} placeholder={t('evaluation.sign.dissent')} status={dissent.trim() ? undefined : 'error'} data-testid="sign-dissent-text" onChange={(e) => setDissent(e.target.value)} />
        ) : null}
        <ErrorAlert error={error} />
        <Popconfirm title={t('evaluation.sign.confirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={sign} disabled={!ready}>
          <Button type="primary" loading={busy} disabled={!ready} data-testid="sign-submit">
            {t('evaluation.sign.submit')}
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}
