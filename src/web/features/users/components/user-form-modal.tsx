import { Alert, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { canAssignRole, roleLabels, roleNeedsOrg, roles } from '../../../../domain/access.js';
import { displayNameMaxLength, usernameRule } from '../../../../domain/field-rules.js';
import { passwordRuleText } from '../../../../domain/password-rule.js';
import { FormModal } from '../../../components/form-modal.js';
import { errorText } from '../../../lib/api-client.js';
import { passwordWeakness } from '../../../lib/password-weakness.js';
import { useCurrentUser } from '../../auth/auth-context.js';
import { OrgPicker } from '../../orgs/components/org-picker.js';
import { createUser } from '../api/create-user.js';
import { updateUser } from '../api/update-user.js';
import type { CreateUserInput, CreateUserResult, User } from '../../../../contract/users.js';

export type UserFormMode = { kind: 'create' } | { kind: 'edit'; user: User };

// The form holds exactly what a create sends; an edit sends the fields it may change.
type Values = CreateUserInput;

interface Props {
  open: boolean;
  mode: UserFormMode | null;
  onClose: () => void;
  onCreated: (result: CreateUserResult) => void;
  onUpdated: (user: User) => void;
}

export function UserFormModal({ open, mode, onClose, onCreated, onUpdated }: Props) {
  const actor = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const editing = mode?.kind === 'edit' ? mode.user : null;

  const roleOptions = roles
    .filter((r) => canAssignRole(actor.role, r) || r === editing?.role)
    .map((r) => ({ value: r, label: roleLabels[r], disabled: !canAssignRole(actor.role, r) }));

  async function onFinish(values: Values) {
    setSubmitting(true);
    setError(null);
    const orgId = roleNeedsOrg(values.role) ? values.orgId : null;
    try {
      if (editing) {
        const user = await updateUser(editing.id, {
          displayName: values.displayName.trim(),
          role: values.role,
          orgId,
        });
        onUpdated(user);
      } else {
        const result = await createUser({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          role: values.role,
          orgId,
          ...(values.password ? { password: values.password } : {}),
        });
        onCreated(result);
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <FormModal
      title={editing ? `编辑用户：${editing.username}` : '新建用户'}
      open={open && mode !== null}
      formId="user-form"
      okText={editing ? '保存' : '创建'}
      submitting={submitting}
      onCancel={onClose}
      afterClose={() => setError(null)}
      data-testid="user-form-modal"
    >
      {mode && (
        <Form<Values>
          form={form}
          id="user-form"
          name="user-form"
          layout="vertical"
          disabled={submitting}
          onFinish={onFinish}
          initialValues={
            editing
              ? {
                  username: editing.username,
                  displayName: editing.displayName,
                  role: editing.role,
                  orgId: editing.orgId,
                }
              : { role: 'secretary', orgId: actor.role === 'admin' ? null : actor.orgId }
          }
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form.Item
            label="用户名"
            name="username"
            extra={editing ? '用户名创建后不能修改' : '用于登录，可用字母、数字、下划线、点和短横线'}
            rules={
              editing
                ? []
                : [
                    { required: true, message: '请输入用户名' },
                    {
                      min: usernameRule.minLength,
                      max: usernameRule.maxLength,
                      message: `用户名长度为 ${usernameRule.minLength}–${usernameRule.maxLength} 个字符`,
                    },
                    {
                      pattern: new RegExp(`^[${usernameRule.charset}]+$`),
                      message: '用户名只能包含字母、数字、下划线、点和短横线',
                    },
                  ]
            }
          >
            <Input
              autoFocus={!editing}
              disabled={!!editing}
              autoComplete="off"
              maxLength={usernameRule.maxLength}
            />
          </Form.Item>
          <Form.Item
            label="姓名"
            name="displayName"
            rules={[
              { required: true, whitespace: true, message: '请输入姓名' },
              { max: displayNameMaxLength, message: `姓名不能超过 ${displayNameMaxLength} 个字` },
            ]}
          >
            <Input autoFocus={!!editing} maxLength={displayNameMaxLength} />
          </Form.Item>
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={roleOptions} />
          </Form.Item>
          {role && roleNeedsOrg(role) ? (
            <Form.Item
              label="所属组织"
              name="orgId"
              rules={[{ required: true, message: '该角色必须关联一个党组织' }]}
              extra={role === 'secretary' ? '书记只能查看和填报本组织' : '可管理该组织及其全部下级组织'}
            >
              <OrgPicker
                selectedLabel={editing ? editing.orgName : actor.orgName}
                placeholder="输入名称搜索组织"
              />
            </Form.Item>
          ) : (
            <Typography.Paragraph type="secondary">
              系统管理员不关联组织，可管理全部数据。
            </Typography.Paragraph>
          )}
          {!editing && (
            <Form.Item
              label="初始密码"
              name="password"
              dependencies={['username']}
              extra={`留空则由系统生成随机初始密码。用户首次登录时必须修改密码。自设密码须：${passwordRuleText}`}
              rules={[
                ({ getFieldValue }) => ({
                  async validator(_, value: string | undefined) {
                    if (!value) return;
                    const weakness = await passwordWeakness(
                      value,
                      getFieldValue('username') as string | undefined,
                    );
                    if (weakness) throw new Error(weakness);
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" placeholder="可不填" />
            </Form.Item>
          )}
        </Form>
      )}
    </FormModal>
  );
}
