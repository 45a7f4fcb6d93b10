import { Alert, Button, Form, Input, Typography } from 'antd';
import { passwordRuleText } from '../../../../domain/password-rule.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { passwordWeakness } from '../../../shared/password-weakness.js';
import { changePassword } from '../api/change-password.js';
import { useAuth, useCurrentUser } from '../../../shared/session/auth-context.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const user = useCurrentUser();
  const { signIn } = useAuth();
  const [form] = Form.useForm<Values>();
  const change = useSubmit({
    submit: (values: Values) =>
      changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    // Signing in again empties the query cache anyway.
    invalidates: [],
    form,
    fieldFor: {
      WRONG_PASSWORD: 'currentPassword',
      WEAK_PASSWORD: 'newPassword',
      PASSWORD_REUSED: 'newPassword',
    },
    onSuccess: (result) => {
      signIn(result.user, result.csrfToken);
      onDone();
    },
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={change.run}
      requiredMark={false}
      disabled={change.submitting}
      style={{ maxWidth: 440 }}
    >
      {change.error && (
        <Alert type="error" showIcon title={change.error} style={{ marginBottom: 16 }} role="alert" />
      )}
      <Form.Item
        label="当前密码"
        name="currentPassword"
        rules={[{ required: true, message: '请输入当前密码' }]}
      >
        <Input.Password autoFocus autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        dependencies={['currentPassword']}
        extra={passwordRuleText}
        rules={[
          { required: true, message: '请输入新密码' },
          ({ getFieldValue }) => ({
            async validator(_, value: string | undefined) {
              if (!value) return;
              const weakness = await passwordWeakness(value, user.username);
              if (weakness) throw new Error(weakness);
              if (value === getFieldValue('currentPassword')) throw new Error('新密码不能与当前密码相同');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator(_, value: string | undefined) {
              if (!value || value === getFieldValue('newPassword')) return Promise.resolve();
              return Promise.reject(new Error('两次输入的新密码不一致'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.submitting}>
        确认修改
      </Button>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
        修改成功后请使用新密码登录其他设备。
      </Typography.Paragraph>
    </Form>
  );
}
