import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../../lib/api-client.js';
import { login } from '../api/login.js';
import { useAuth } from '../auth-context.js';
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
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));

  if (user) return <Navigate to={user.mustChangePassword ? '/change-password' : next} replace />;

  async function onFinish(values: LoginInput) {
    setSubmitting(true);
    setError(null);
    try {
      const session = await login({ username: values.username.trim(), password: values.password });
      signIn(session.user, session.csrfToken);
      void navigate(session.user.mustChangePassword ? '/change-password' : next, { replace: true });
    } catch (err) {
      setError(errorText(err));
      setSubmitting(false);
    }
  }

  return (
    <AuthCard title="登录" testId="login-card">
      <Form<LoginInput> layout="vertical" onFinish={onFinish} requiredMark={false} disabled={submitting}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
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
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          登录
        </Button>
      </Form>
    </AuthCard>
  );
}
