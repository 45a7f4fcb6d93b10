import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The centred card of the login and forced password-change screens. */
export function AuthCard({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="auth-screen">
      <div className="auth-brand">
        <div className="auth-brand-mark" aria-hidden>
          述
        </div>
        <div>
          <Typography.Title level={2} style={{ margin: 0 }}>
            述评
          </Typography.Title>
          <Typography.Text type="secondary">党组织书记抓基层党建工作述职评议考核</Typography.Text>
        </div>
      </div>
      <Card className="auth-card" title={title} data-testid={testId}>
        {children}
      </Card>
    </div>
  );
}
