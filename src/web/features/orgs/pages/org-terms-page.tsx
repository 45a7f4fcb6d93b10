import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { termReminderDays } from '../../../../domain/member-base.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { OrgTermsList } from '../components/org-terms-list.js';

/** 换届提醒 on its own page: a subtree's expiring and overdue terms, printable for a meeting. */
export function OrgTermsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const orgId = Number(searchParams.get('orgId')) || null;
  return (
    <Card title="换届提醒" data-testid="org-terms-page">
      <div className="page-toolbar no-print">
        <div className="toolbar-field" style={{ width: 280 }}>
          <OrgPicker
            aria-label="按组织筛选"
            placeholder="全部组织（含下级）"
            value={orgId}
            onChange={(id) => setSearchParams(id ? { orgId: String(id) } : {})}
          />
        </div>
        <div className="toolbar-spacer" />
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </div>
      <Typography.Paragraph type="secondary">
        列出任期在 {termReminderDays} 天内届满或已经届满的党组织（已撤销的组织除外），请按期组织换届选举。
      </Typography.Paragraph>
      <OrgTermsList orgId={orgId} />
    </Card>
  );
}
