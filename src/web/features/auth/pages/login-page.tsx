import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSubmit } from '../../../shared/use-submit.js';
import { login } from '../api/login.js';
import { useAuth } from '../../../shared/session/auth-context.js';
import { AuthCard } from '../components/auth-card.js';
import type { LoginInput } from '../../../../contract/auth.js';

/** Only same-app paths are followed after login, never another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { user, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginInput>();
  const next = safeNext(params.get('next'));
  const submit = useSubmit({
    submit: (values: LoginInput) => login({ username: values.username.trim(), password: values.password }),
    // Signing in empties the query cache: nothing of another account stays.
    invalidates: [],
    form,
    onSuccess: (session) => {
      signIn(session.user, session.csrfToken);
      void navigate(session.user.mustChangePassword ? '/change-password' : next, { replace: true });
    },
  });

  if (user) return <Navigate to={user.mustChangePassword ? '/change-password' : next} replace />;

  return (
    <AuthCard title="登录" testId="login-card">
      <Form<LoginInput>
        form={form}
        layout="vertical"
        onFinish={submit.run}
        requiredMark={false}
        disabled={submit.submitting}
      >
        {submit.error && (
          <Alert type="error" showIcon title={submit.error} style={{ marginBottom: 16 }} role="alert" />
        )}
        <Form.Item
          label="用户名"
          name="username"
          rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
        >
          <Input prefix={<UserOutlined />} autoFocus autoComplete="username" size="large" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submit.submitting}>
          登录
        </Button>
      </Form>
    </AuthCard>
  );
}
