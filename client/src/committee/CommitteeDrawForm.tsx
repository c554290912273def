import { App, Alert, Button, Form, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldIssue } from '../api/http';
import type { Tender } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors } from '../components/errors';
import { drawCommittee, type Committee } from './committee-api';
import { checkSpecialties, isCommitteeSizeValid, minimumCommitteeSize, normalizeSpecialties } from './committee-view';

type DrawValues = { size: number; specialties: string[]; reserves: number };

/** 专家抽取: the owner agency draws the evaluation committee at random from the expert pool. */
export function CommitteeDrawForm({ tender, onDrawn }: { tender: Tender; onDrawn: (c: Committee) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DrawValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [leftover, setLeftover] = useState<FieldIssue[]>([]);
  const min = minimumCommitteeSize(tender);

  async function draw(v: DrawValues) {
    setBusy(true);
    setError(null);
    try {
      const c = await drawCommittee(tender.id, { size: v.size, specialties: normalizeSpecialties(v.specialties), reserves: v.reserves });
      message.success(t('committee.drawn'));
      onDrawn(c);
    } catch (e) {
      setLeftover(applyFieldErrors(form, e, (p) => p === 'size' || p === 'specialties' || p === 'reserves'));
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const unavailable = error instanceof ApiError && error.code === 'COMMITTEE_UNAVAILABLE';
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void draw(v)} initialValues={{ size: min, specialties: [], reserves: 2 }} disabled={busy} data-testid="committee-form">
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('committee.rule', { min })} />
      <ErrorAlert
        error={error}
        style={{ marginBottom: 16 }}
        hint={unavailable ? t('committee.unavailableHint') : undefined}
        fields={error instanceof ApiError && error.fields.length > 0 ? leftover : undefined}
      />
      <Form.Item
        name="size"
        label={t('committee.size')}
        extra={t('committee.sizeHint', { min })}
        rules={[{ validator: async (_r, v: number | null) => { if (v === null || v === undefined || !isCommitteeSizeValid(tender, v)) { throw new Error(t('committee.sizeRule', { min })); } } }]}
      >
        <InputNumber min={1} max={49} precision={0} style={{ width: 160 }} data-testid="committee-size" />
      </Form.Item>
      <Form.Item
        name="specialties"
        label={t('committee.specialties')}
        extra={t('committee.specialtiesHint')}
        rules={[{ validator: async (_r, v: string[] | undefined) => { const p = checkSpecialties(v ?? []); if (p) { throw new Error(t(`committee.specialtiesRule.${p}`)); } } }]}
      >
        <Select mode="tags" tokenSeparators={[',', '，', '、']} placeholder={t('committee.specialtiesPlaceholder')} data-testid="committee-specialties" />
      </Form.Item>
      <Form.Item name="reserves" label={t('committee.reserves')} extra={t('committee.reservesHint')}>
        <InputNumber min={0} max={10} precision={0} style={{ width: 160 }} data-testid="committee-reserves" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="committee-draw">
        {t('committee.draw')}
      </Button>
    </Form>
  );
}
