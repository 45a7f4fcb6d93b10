import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Space } from 'antd';
import { useState, type ReactNode } from 'react';

interface Props {
  isPhone: boolean;
  /** How many filters are set, shown on the phone's 筛选 button. */
  active: number;
  onReset: () => void;
  /** The filter fields, each with the class `toolbar-field`. */
  children: ReactNode;
  /** Buttons that stay in the toolbar on every screen (print, export, add). */
  actions: ReactNode;
}

/**
 * A list's toolbar: on a desktop the filters sit in line with the actions; on a phone they fold
 * into a drawer behind a 筛选 button, so the list starts on the first screen.
 */
export function FilterBar({ isPhone, active, onReset, children, actions }: Props) {
  const [open, setOpen] = useState(false);
  if (!isPhone)
    return (
      <div className="page-toolbar no-print">
        {children}
        <div className="toolbar-spacer" />
        {actions}
      </div>
    );
  return (
    <div className="page-toolbar phone-toolbar no-print">
      <Badge count={active} size="small">
        <Button icon={<FilterOutlined />} onClick={() => setOpen(true)}>
          筛选
        </Button>
      </Badge>
      {actions}
      <Drawer
        title="筛选"
        placement="bottom"
        size="80%"
        open={open}
        onClose={() => setOpen(false)}
        extra={
          <Space>
            <Button onClick={onReset} disabled={active === 0}>
              清除
            </Button>
            <Button type="primary" onClick={() => setOpen(false)}>
              完成
            </Button>
          </Space>
        }
      >
        <div className="filter-drawer">{children}</div>
      </Drawer>
    </div>
  );
}
