import { App, Button, Card, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { errorText } from '../components/errors';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { useApi } from '../components/use-api';
import { listExperts, putExpert, type Expert, type ExpertInput } from '../committee/committee-api';
import { checkSpecialties, isExpertChanged, normalizeSpecialties, specialtyOptions } from '../committee/committee-view';

/** 专家库: every evaluator account with its specialties and availability; admins edit both per row. */
export function ExpertsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useApi((signal) => listExperts(signal), []);
  const [drafts, setDrafts] = useState<Record<string, ExpertInput>>({});
  const [saving, setSaving] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const experts = useMemo(() => list.data?.items ?? [], [list.data]);
  const options = useMemo(() => specialtyOptions(experts).map((s) => ({ value: s, label: s })), [experts]);
  const shown = experts.filter((e) => !filter || e.displayName.includes(filter) || e.specialties.some((s) => s.includes(filter)));

  const draftOf = (e: Expert): ExpertInput => drafts[e.userId] ?? { specialties: e.specialties, available: e.available };
  const edit = (e: Expert, patch: Partial<ExpertInput>) => setDrafts((d) => ({ ...d, [e.userId]: { ...draftOf(e), ...patch } }));

  async function save(e: Expert) {
    const d = draftOf(e);
    const problem = checkSpecialties(d.specialties);
    if (problem) {
      message.error(t(`committee.specialtiesRule.${problem}`));
      return;
    }
    setSaving(e.userId);
    try {
      await putExpert(e.userId, { specialties: normalizeSpecialties(d.specialties), available: d.available });
      message.success(t('experts.saved', { name: e.displayName }));
      setDrafts((d) => {
        const next = { ...d };
        delete next[e.userId];
        return next;
      });
      list.reload();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setSaving(null);
    }
  }

  return (
    <Card title={t('experts.title')} extra={<Button onClick={list.reload}>{t('common.refresh')}</Button>}>
      <Space style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('experts.filter')} onSearch={setFilter} style={{ width: 280 }} data-testid="expert-filter" />
        <Tag color="green">{t('experts.availableCount', { count: experts.filter((e) => e.available).length })}</Tag>
      </Space>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      <Table<Expert>
        rowKey="userId"
        loading={list.loading}
        dataSource={shown}
        scroll={{ x: 960 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('experts.none') }}
        onRow={(e) => ({ 'data-testid': `expert-row-${e.userId}`, 'data-available': String(e.available) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('experts.name'), dataIndex: 'displayName', width: 140 },
          { title: t('experts.organization'), render: (_v, e) => e.organization?.name ?? '—', width: 200 },
          {
            title: t('experts.specialties'),
            render: (_v, e) => (
              <Select
                mode="tags"
                style={{ minWidth: 260, width: '100%' }}
                value={draftOf(e).specialties}
                options={options}
                tokenSeparators={[',', '，', '、']}
                placeholder={t('experts.specialtiesPlaceholder')}
                onChange={(v: string[]) => edit(e, { specialties: v })}
                data-testid={`expert-specialties-${e.userId}`}
              />
            ),
          },
          {
            title: t('experts.available'),
            width: 100,
            render: (_v, e) => (
              <Switch checked={draftOf(e).available} onChange={(v) => edit(e, { available: v })} data-testid={`expert-available-${e.userId}`} />
            ),
          },
          { title: t('experts.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string | null) => <ShanghaiTime value={v} /> },
          {
            title: t('common.actions'),
            width: 100,
            render: (_v, e) => (
              <Button
                size="small"
                type="primary"
                disabled={!isExpertChanged(e, draftOf(e))}
                loading={saving === e.userId}
                onClick={() => void save(e)}
                data-testid={`expert-save-${e.userId}`}
              >
                {t('common.save')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
