import { App, Button, Card, Descriptions, Grid, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import type { OrgMember, User } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { errorText } from '../components/errors';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { useApi } from '../components/use-api';

type Members = { organization: { id: string; name: string; creditCode: string }; items: OrgMember[] };

const STATUS_COLOR: Record<User['status'], string> = { active: 'green', pending: 'orange', disabled: 'red' };

/** An account's status as a tag (正常 / 待审核 / 已停用). */
export function AccountStatusTag({ status }: { status: User['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="member-status" data-status={status}>
      {t(`admin.${status}`)}
    </Tag>
  );
}

/**
 * 单位成员 (issue 13, 4): the organization's administrator (its first account) sees its members and
 * approves or refuses the pending ones (POST /api/org/members/:userId/approve | /refuse). Cards on a phone.
 */
export function OrgMembersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const list = useApi((signal) => api<Members>('/org/members', { signal }), []);
  const [busy, setBusy] = useState<string | null>(null);

  function decide(m: OrgMember, action: 'approve' | 'refuse') {
    modal.confirm({
      title: t(`orgMembers.${action}Title`),
      content: t(`orgMembers.${action}Confirm`, { name: `${m.displayName}（${m.username}）` }),
      okText: t(`orgMembers.${action}`),
      okButtonProps: { danger: action === 'refuse', 'data-testid': 'member-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy(m.id);
        try {
          await api<{ member: OrgMember }>(`/org/members/${m.id}/${action}`, { method: 'POST' });
          message.success(t(`orgMembers.${action}d`));
          list.reload();
        } catch (e) {
          message.error(errorText(t, e));
          list.reload();
        } finally {
          setBusy(null);
        }
      },
    });
  }

  const actions = (m: OrgMember) =>
    m.status === 'pending' ? (
      <Space wrap>
        <Button size="small" type="primary" loading={busy === m.id} onClick={() => decide(m, 'approve')} data-testid="member-approve">
          {t('orgMembers.approve')}
        </Button>
        <Button size="small" danger disabled={busy === m.id} onClick={() => decide(m, 'refuse')} data-testid="member-refuse">
          {t('orgMembers.refuse')}
        </Button>
      </Space>
    ) : null;

  const name = (m: OrgMember) => (
    <Space size={4} wrap>
      <span>{m.displayName}</span>
      {m.administrator ? <Tag color="blue">{t('orgMembers.administrator')}</Tag> : null}
    </Space>
  );

  const items = list.data?.items ?? [];
  const org = list.data?.organization;
  return (
    <Card title={t('orgMembers.title')} styles={{ body: { padding: screens.md ? 24 : 12 } }}>
      {org ? (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('auth.orgName')}>{org.name}</Descriptions.Item>
          <Descriptions.Item label={t('auth.creditCode')}>{org.creditCode}</Descriptions.Item>
        </Descriptions>
      ) : null}
      <Typography.Paragraph type="secondary">{t('orgMembers.hint')}</Typography.Paragraph>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      {screens.md ? (
        <Table<OrgMember>
          rowKey="id"
          loading={list.loading}
          dataSource={items}
          pagination={false}
          onRow={(r) => ({ 'data-testid': 'member-row', 'data-username': r.username }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('admin.username'), dataIndex: 'username' },
            { title: t('admin.displayName'), render: (_v, m) => name(m) },
            { title: t('admin.createdAt'), dataIndex: 'createdAt', render: (v: string) => <ShanghaiTime value={v} /> },
            { title: t('admin.status'), dataIndex: 'status', render: (v: User['status']) => <AccountStatusTag status={v} /> },
            { title: t('common.actions'), render: (_v, m) => actions(m) },
          ]}
        />
      ) : (
        <List<OrgMember>
          loading={list.loading}
          dataSource={items}
          rowKey="id"
          renderItem={(m) => (
            <Card size="small" style={{ marginBottom: 8 }} data-testid="member-row" data-username={m.username}>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
                  {name(m)}
                  <AccountStatusTag status={m.status} />
                </Space>
                <Typography.Text type="secondary">
                  {m.username} · <ShanghaiTime value={m.createdAt} />
                </Typography.Text>
                {actions(m)}
              </Space>
            </Card>
          )}
        />
      )}
    </Card>
  );
}
