import { Alert, Button, Form, Steps, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { ErrorAlert } from '../components/ErrorAlert';
import { openPkcs12, Pkcs12Fields } from '../components/Pkcs12Fields';
import { bytesToBase64, unwrapContentKey, UnwrapError } from '../crypto';
import { decryptHttp, getEnvelope, type DecryptResult } from './opening-api';

type Phase = 'envelope' | 'p12' | 'unwrap' | 'submit';
const PHASES: Phase[] = ['envelope', 'p12', 'unwrap', 'submit'];

/**
 * 不见面开标: the bidder's own PKCS#12 opens the content key of its sealed bid here (DESIGN §5);
 * only that AES key goes to the server, which decrypts and records the bid. A key that fails the
 * GCM tag (BID_DECRYPTION_FAILED) records nothing: the bidder retries within the window.
 */
export function DecryptPanel({ tenderId, onDecrypted, onRefused }: { tenderId: string; onDecrypted: (r: DecryptResult) => void; onRefused: () => void }) {
  const { t } = useTranslation();
  const [p12, setP12] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [phase, setPhase] = useState<Phase | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function decrypt() {
    setError(null);
    if (!p12) {
      setError(new Error(t('bid.needP12')));
      return;
    }
    let contentKey: Uint8Array | null = null;
    try {
      setPhase('envelope');
      const envelope = await getEnvelope(tenderId);
      setPhase('p12');
      const identity = await openPkcs12(p12, password, t);
      setPhase('unwrap');
      contentKey = await unwrapContentKey(envelope, identity);
      setPhase('submit');
      const result = await decryptHttp(tenderId, bytesToBase64(contentKey));
      setPassword('');
      onDecrypted(result);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'OPENING_STAGE')) {
        onRefused(); // recorded meanwhile (backup decryption) or the window closed: `me` says what now
      }
    } finally {
      contentKey?.fill(0);
      setPhase(null);
    }
  }


  const unwrapText = error instanceof UnwrapError ? t(`opening.unwrap.${error.reason}`) : null;
  const retry = error instanceof ApiError && error.code === 'BID_DECRYPTION_FAILED';
  return (
    <Form layout="vertical" onFinish={() => void decrypt()} disabled={phase !== null} data-testid="hall-decrypt">
      <Typography.Paragraph type="secondary">{t('opening.decrypt.hint')}</Typography.Paragraph>
      <Pkcs12Fields
        file={p12}
        onFile={setP12}
        password={password}
        onPassword={setPassword}
        testIds={{ upload: 'decrypt-p12', button: 'decrypt-p12-button', password: 'decrypt-password' }}
      />
      {phase ? (
        <Steps size="small" current={PHASES.indexOf(phase)} items={PHASES.map((p) => ({ title: t(`opening.decrypt.phase.${p}`) }))} style={{ marginBottom: 16 }} />
      ) : null}
      {unwrapText ? <Alert type="error" showIcon title={unwrapText} style={{ marginBottom: 16 }} data-testid="error-alert" /> : <ErrorAlert error={error} hint={retry ? t('opening.decrypt.retry') : undefined} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" icon={<KeyOutlined />} loading={phase !== null} block data-testid="decrypt-submit">
        {t('opening.decrypt.button')}
      </Button>
    </Form>
  );
}
