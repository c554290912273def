import { App, Button, Card, Form, Input, Modal, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type FieldIssue } from '../api/http';
import type { Role, User } from '../api/types';
import { isValidCreditCode } from '../auth/credit-code';
import { useSession } from '../auth/session';
import { AccountStatusTag } from '../bidder/OrgMembersPage';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors, errorText } from '../components/errors';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { useApi } from '../components/use-api';

const ROLES: Role[] = ['agency', 'evaluator', 'supervisor', 'admin', 'bidder'];
const STATUSES: User['status'][] = ['pending', 'active', 'disabled'];
type NewUser = { username: string; password: string; displayName: string; role: Role; orgName?: string; creditCode?: string };

/** Accounts: list by role and status, create staff accounts, approve pending ones (issue 13, 4), disable/enable. */
export function UsersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { user: me } = useSession();
  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatusFilter] = useState<User['status'] | ''>('');
  const list = useApi((signal) => api<{ items: User[] }>('/admin/users', { query: { role, status }, signal }), [role, status]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewUser>();
  const [error, setError] = useState<unknown>(null);
  const [leftover, setLeftover] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const newRole = Form.useWatch('role', form);
  const needsOrg = newRole === 'agency' || newRole === 'bidder';

  async function create(v: NewUser) {
    setBusy(true);
    setError(null);
    try {
      const organization = v.orgName ? { name: v.orgName, creditCode: v.creditCode ?? '' } : undefined;
      await api('/admin/users', { method: 'POST', body: { username: v.username, password: v.password, displayName: v.displayName, role: v.role, ...(organization ? { organization } : {}) } });
      message.success(t('admin.created'));
      setOpen(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      const mapped = e instanceof ApiError
        ? new ApiError(e.status, e.code, e.message, e.fields.map((f) => ({ ...f, path: f.path === 'organization.name' ? 'orgName' : f.path === 'organization.creditCode' ? 'creditCode' : f.path })))
        : e;
      setLeftover(applyFieldErrors(form, mapped, (p) => ['username', 'password', 'displayName', 'role', 'orgName', 'creditCode'].includes(p)));
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function setStatus(u: User, status: User['status']): Promise<boolean> {
    try {
      await api(`/admin/users/${u.id}`, { method: 'PATCH', body: { status } });
      list.reload();
      return true;
    } catch (e) {
      message.error(errorText(t, e));
      list.reload();
      return false;
    }
  }

  function approve(u: User) {
    modal.confirm({
      title: t('admin.approve'),
      content: t('admin.approveConfirm', { name: `${u.displayName}（${u.username}）` }),
      okText: t('admin.approve'),
      okButtonProps: { 'data-testid': 'user-approve-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        if (await setStatus(u, 'active')) {
          message.success(t('admin.approved'));
        }
      },
    });
  }

  const req = (field: string) => ({ required: true, message: t('auth.required', { field }) });
  return (
    <Card
      title={t('nav.users')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => { setError(null); setOpen(true); }} data-testid="user-create">
          {t('admin.createUser')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          value={status}
          onChange={setStatusFilter}
          style={{ width: 160 }}
          data-testid="user-status-filter"
          options={[{ value: '', label: t('admin.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`admin.${s}`) }))]}
        />
        <Select
          value={role}
          onChange={setRole}
          style={{ width: 200 }}
          options={[{ value: '', label: `${t('admin.role')}：${t('common.all')}` }, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]}
        />
      </Space>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      <Table<User>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        onRow={(r) => ({ 'data-testid': 'user-row', 'data-username': r.username }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.username'), dataIndex: 'username' },
          { title: t('admin.displayName'), dataIndex: 'displayName' },
          { title: t('admin.role'), dataIndex: 'role', render: (v: Role) => t(`role.${v}`) },
          { title: t('admin.organization'), render: (_v, u) => u.organization?.name ?? '—' },
          { title: t('admin.createdAt'), dataIndex: 'createdAt', render: (v: string) => <ShanghaiTime value={v} /> },
          {
            title: t('admin.status'),
            dataIndex: 'status',
            render: (v: User['status']) => <AccountStatusTag status={v} />,
          },
          {
            title: t('common.actions'),
            fixed: 'right', // on a phone the table scrolls; the approve button stays in view
            render: (_v, u) =>
              u.id === me?.id ? null : u.status === 'pending' ? (
                <Space wrap>
                  <Button size="small" type="primary" onClick={() => approve(u)} data-testid="user-approve">
                    {t('admin.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => void setStatus(u, 'disabled')} data-testid="user-refuse">
                    {t('orgMembers.refuse')}
                  </Button>
                </Space>
              ) : u.status === 'active' ? (
                <Button size="small" danger onClick={() => void setStatus(u, 'disabled')} data-testid="user-disable">
                  {t('admin.disable')}
                </Button>
              ) : (
                <Button size="small" onClick={() => void setStatus(u, 'active')} data-testid="user-enable">
                  {t('admin.enable')}
                </Button>
              ),
          },
        ]}
      />
      <Modal open={open} title={t('admin.createUser')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: busy }} destroyOnHidden>
        <ErrorAlert error={error} style={{ marginBottom: 12 }} fields={error instanceof ApiError && error.fields.length > 0 ? leftover : undefined} />
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ role: 'agency' }} preserve={false}>
          <Form.Item name="role" label={t('admin.role')} rules={[req(t('admin.role'))]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <Form.Item name="username" label={t('admin.username')} rules={[req(t('admin.username')), { pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: '3–64: A-Z a-z 0-9 _ . -' }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.displayName')} rules={[req(t('admin.displayName'))]}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('admin.password')} rules={[req(t('admin.password')), { min: 8, max: 128, message: t('auth.passwordHint') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="orgName" label={t('auth.orgName')} rules={needsOrg ? [req(t('auth.orgName')), { min: 2, max: 191 }] : [{ min: 2, max: 191 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="creditCode"
            label={t('auth.creditCode')}
            normalize={(v: string) => v.toUpperCase().trim()}
            dependencies={['orgName']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_r, v: string | undefined) => {
                  if (!getFieldValue('orgName') && !v) {
                    return;
                  }
                  if (!v || !/^[0-9A-Z]{18}$/.test(v)) {
                    throw new Error(t('auth.creditCodeFormat'));
                  }
                  if (!isValidCreditCode(v)) {
                    throw new Error(t('auth.creditCodeInvalid'));
                  }
                },
              }),
            ]}
          >
            <Input maxLength={18} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
