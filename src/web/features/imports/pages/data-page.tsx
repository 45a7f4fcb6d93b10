import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Form, Space, Tabs, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAuth, useCurrentUser } from '../../../shared/session/auth-context.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { orgRosterUrl, statisticsUrl } from '../api/download-urls.js';
import { ExportRosterButton } from '../../../shared/export-roster-button.js';
import { ImportPanel } from '../../../shared/imports/import-panel.js';
import type { ImportKind } from '../../../../contract/imports.js';

const panels: Record<ImportKind, { what: string; list: string }> = {
  members: { what: '党员', list: '/members' },
  orgs: { what: '党组织', list: '/orgs' },
};

function KindPanel({ kind }: { kind: ImportKind }) {
  const { what, list } = panels[kind];
  return (
    <ImportPanel
      kind={kind}
      what={what}
      templatePath={`/imports/templates/${kind}`}
      uploadPath={`/imports/${kind}`}
      links={
        <Space wrap>
          <Link to={list}>查看{what}</Link>
          <Link to="/dashboard">查看数据看板</Link>
        </Space>
      }
    />
  );
}

/** 数据导入导出: Excel templates and imports for members and orgs; roster and statistics exports. */
export function DataPage() {
  const { can } = useAuth();
  const me = useCurrentUser();
  const [searchParams] = useSearchParams();
  // Pre-filled with the org a link names, else a secretary's only org.
  const ownOrgId = me.role === 'secretary' ? me.orgId : null;
  const [orgId, setOrgId] = useState<number | null>(() => Number(searchParams.get('orgId')) || ownOrgId);
  const [asOf, setAsOf] = useState<Dayjs>(dayjs());
  const tabs = [
    ...(can('member.write')
      ? [{ key: 'members', label: '导入党员', children: <KindPanel kind="members" /> }]
      : []),
    ...(can('org.write') ? [{ key: 'orgs', label: '导入党组织', children: <KindPanel kind="orgs" /> }] : []),
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        数据导入导出
      </Typography.Title>
      <Card title="从 Excel 导入">
        {tabs.length ? <Tabs items={tabs} /> : <Empty description="您的角色没有导入数据的权限" />}
      </Card>
      <Card title="导出到 Excel">
        <Form layout="vertical" style={{ maxWidth: 560 }}>
          <Form.Item label="组织（含其下级）" required>
            <OrgPicker
              value={orgId}
              selectedLabel={orgId === ownOrgId ? me.orgName : null}
              onChange={(id) => setOrgId(id)}
              aria-label="导出组织"
            />
          </Form.Item>
          <Form.Item label="统计日期">
            <DatePicker
              value={asOf}
              allowClear={false}
              onChange={(d) => d && setAsOf(d)}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            />
          </Form.Item>
        </Form>
        {orgId === null ? (
          <Typography.Text type="secondary">请先选择组织。</Typography.Text>
        ) : (
          <Space wrap>
            <ExportRosterButton orgId={orgId} />
            <Button icon={<DownloadOutlined />} href={orgRosterUrl(orgId)} data-testid="export-orgs">
              导出组织名册
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={statisticsUrl(orgId, asOf.format('YYYY-MM-DD'))}
              data-testid="export-statistics"
            >
              导出基本情况统计
            </Button>
          </Space>
        )}
      </Card>
    </Space>
  );
}
