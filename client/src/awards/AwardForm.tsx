import { App, Alert, Button, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors } from '../components/errors';
import { useCountdown } from '../components/server-time';
import { awardBlocker, isReasonRequired, TEXT_MAX, toAwardInput } from './award-view';
import { makeAward, type Award, type Publicity } from './awards-api';

type AwardValues = { rank: number; reason?: string };

/** 定标: the first candidate by default; another one only with a reason (招标投标法实施条例 art. 55). */
export function AwardForm({ publicity, onAwarded }: { publicity: Publicity; onAwarded: (a: Award) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AwardValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rank = Form.useWatch('rank', form) ?? 1;
  const left = useCountdown(publicity.publicityEndsAt);
  const blocker = awardBlocker(left, publicity.objections);

  async function award(v: AwardValues) {
    setBusy(true);
    setError(null);
    try {
      const a = await makeAward(publicity.tenderId, toAwardInput(v.rank, v.reason));
      message.success(t('awards.awarded'));
      onAwarded(a);
    } catch (e) {
      applyFieldErrors(form, e, (p) => p === 'rank' || p === 'reason');
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void award(v)} initialValues={{ rank: 1 }} disabled={busy} data-testid="award-form">
      {blocker ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t(`errors.${blocker}`)} data-testid="award-blocker" data-blocker={blocker} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form.Item name="rank" label={t('awards.awardTo')} rules={[{ required: true }]}>
        <Select
          style={{ maxWidth: 480 }}
          data-testid="award-rank"
          options={publicity.candidates.map((c) => ({ value: c.rank, label: `${t('awards.rankN', { rank: c.rank })} · ${c.bidderOrganization}` }))}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('awards.reason')}
        extra={isReasonRequired(rank) ? t('awards.reasonRequired') : t('awards.reasonOptional')}
        rules={[{ required: isReasonRequired(rank), whitespace: true, max: TEXT_MAX, message: t('awards.reasonRule') }]}
      >
        <Input.TextArea rows={3} maxLength={TEXT_MAX} showCount data-testid="award-reason" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="award-submit">
        {t('awards.award')}
      </Button>
    </Form>
  );
}
