import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { buildUrl } from './api-client.js';

// A plain link: the browser keeps the session cookie and names the file from Content-Disposition.
const memberRosterUrl = (orgId: number) => buildUrl('/exports/members', { orgId });

/** Downloads the member roster (xlsx) of an org and everything below it. */
export function ExportRosterButton({ orgId }: { orgId: number }) {
  return (
    <Button icon={<DownloadOutlined />} href={memberRosterUrl(orgId)} data-testid="export-roster">
      导出党员名册
    </Button>
  );
}
