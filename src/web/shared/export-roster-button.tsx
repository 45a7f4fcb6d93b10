import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { memberRosterUrl } from '../api/download-urls.js';

/** Downloads the member roster (xlsx) of an org and everything below it. */
export function ExportRosterButton({ orgId }: { orgId: number }) {
  return (
    <Button icon={<DownloadOutlined />} href={memberRosterUrl(orgId)} data-testid="export-roster">
      导出党员名册
    </Button>
  );
}
