import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { UiProviders } from './providers.js';

interface Props {
  /** Names the area in the message, e.g. "组织架构". */
  area: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** Keeps a crash in one area from taking the whole app (menu, header) down with it. */
export class AreaErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`[${this.props.area}]`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title={`${this.props.area}页面出错了`}
        subTitle={this.state.error.message || '发生未知错误'}
        extra={
          <Button type="primary" onClick={() => this.setState({ error: null })}>
            重试
          </Button>
        }
      />
    );
  }
}

/** The router's last line of defence (errors outside any area boundary, unknown routes). */
export function RouteErrorPage() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <UiProviders>
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? '页面不存在' : '出错了'}
        subTitle={
          notFound
            ? '您访问的页面不存在或已被移除。'
            : error instanceof Error
              ? error.message
              : '发生未知错误'
        }
        extra={
          <Button type="primary" href="/">
            返回首页
          </Button>
        }
      />
    </UiProviders>
  );
}
