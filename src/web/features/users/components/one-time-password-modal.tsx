import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';

interface Props {
  open: boolean;
  /** What happened, e.g. "已创建用户 zhangsan". */
  title: string;
  username: string;
  password: string | null;
  onClose: () => void;
  /** Called once the modal is gone; the caller should forget the password then. */
  afterClose?: () => void;
}

/** Shows a generated password exactly once, with a copy button. */
export function OneTimePasswordModal({ open, title, username, password, onClose, afterClose }: Props) {
  const { message } = App.useApp();

  async function copy() {
    if (!password) return;
    try {
      await navigator.clipboard.writeText(password);
      void message.success('已复制到剪贴板');
    } catch {
      void message.warning('无法自动复制，请手动选中密码复制');
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      afterClose={afterClose}
      closable={false}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          我已记下，关闭
        </Button>
      }
      data-testid="one-time-password-modal"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="此密码只显示这一次"
        description="请立即复制并通过安全渠道告知本人。该用户首次登录后必须修改此密码。"
      />
      <Typography.Paragraph>
        用户名：<Typography.Text strong>{username}</Typography.Text>
      </Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          readOnly
          value={password ?? ''}
          className="secret-box"
          data-testid="one-time-password"
          aria-label="新密码"
          onFocus={(e) => e.target.select()}
        />
        <Button icon={<CopyOutlined />} onClick={() => void copy()} aria-label="复制密码" size="large">
          复制
        </Button>
      </Space.Compact>
    </Modal>
  );
}
