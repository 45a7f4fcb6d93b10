import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Empty, Segmented, Select, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { meetingKeys } from '../../../shared/query-keys.js';
import { getMeeting, listCodes } from '../api/meetings.js';
import { QrImage } from '../components/qr-image.js';
import type { BallotCodeRow } from '../../../../contract/meetings.js';

/** 3 × 6 cards fill an A4 page with room for cutting. */
const perPage = 18;
type Kind = 'formal' | 'rehearsal' | 'all';

function pagesOf(codes: BallotCodeRow[]): BallotCodeRow[][] {
  const pages: BallotCodeRow[][] = [];
  for (let i = 0; i < codes.length; i += perPage) pages.push(codes.slice(i, i + perPage));
  return pages;
}

/** 测评码 on A4 sheets to cut along the dashed lines and hand out at the door: QR code, code, serial. */
export function CodesPrintPage() {
  const id = Number(useParams().id);
  const [category, setCategory] = useState<string | null>(null);
  const [kind, setKind] = useState<Kind>('formal');
  const [unusedOnly, setUnusedOnly] = useState(true);
  const meeting = useQuery({
    queryKey: meetingKeys.detail(id),
    queryFn: ({ signal }) => getMeeting(id, signal),
  });
  const codes = useQuery({ queryKey: meetingKeys.codes(id), queryFn: ({ signal }) => listCodes(id, signal) });
  const error = meeting.error ?? codes.error;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!meeting.data || !codes.data) return <Spin />;
  const { name, categories } = meeting.data;
  const label = (key: string) => categories.find((c) => c.key === key)?.label ?? key;
  const shown = codes.data.items.filter(
    (c) =>
      (category === null || c.category === category) &&
      (kind === 'all' || c.rehearsal === (kind === 'rehearsal')) &&
      !(unusedOnly && c.used),
  );
  return (
    <div className="code-sheet" data-testid="codes-sheet">
      <Space className="no-print code-sheet-toolbar" wrap>
        <Link to={`/meetings/${id}?tab=codes`}>返回评议会</Link>
        <Select<string | null>
          value={category}
          onChange={setCategory}
          style={{ minWidth: 160 }}
          options={[
            { value: null, label: '全部类别' },
            ...categories.map((c) => ({ value: c.key, label: c.label })),
          ]}
          aria-label="评议人类别"
        />
        <Segmented<Kind>
          value={kind}
          onChange={setKind}
          options={[
            { value: 'formal', label: '正式' },
            { value: 'rehearsal', label: '模拟' },
            { value: 'all', label: '全部' },
          ]}
        />
        <Checkbox checked={unusedOnly} onChange={(e) => setUnusedOnly(e.target.checked)}>
          只打未用的
        </Checkbox>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          disabled={shown.length === 0}
          onClick={() => window.print()}
        >
          打印（{shown.length} 张）
        </Button>
      </Space>
      {shown.length === 0 && <Empty className="no-print" description="没有符合条件的测评码" />}
      {pagesOf(shown).map((page, i) => (
        <div key={i} className="code-page">
          {page.map((c) => (
            <div key={c.serial} className="code-card" data-testid="code-card">
              <div className="code-card-meeting">{name}</div>
              {c.orgName && <div className="code-card-org">测评对象：{c.orgName}</div>}
              <QrImage text={`${window.location.origin}/ballot/${c.code}`} alt={`测评码 ${c.code}`} />
              <div className="code-card-code">{c.code}</div>
              <div className="code-card-meta">
                第 {c.serial} 号 · {label(c.category)}
                {c.rehearsal && ' · 模拟测评'}
              </div>
              <div className="code-card-hint">
                {c.orgName ? '扫码或输入测评码参加满意度测评' : '扫码或输入测评码参加民主测评'}
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
