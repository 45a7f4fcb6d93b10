import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { presenterFigures, presenterPosition } from '../../../../domain/live-tally.js';
import { reporterModeLabels } from '../../../../domain/meetings.js';
import { errorText } from '../../../shared/api-client.js';
import { getBasics } from '../../../shared/statistics/get-basics.js';
import { getMeeting, liveKeys } from './api.js';
import { Screen, vh } from './screen.js';

/** 主持人模式: who reports now and who next, with the reporter's key figures; ←/→ move on, ?at=n keeps the place. */
export function PresentPage() {
  const id = Number(useParams().id);
  const [search, setSearch] = useSearchParams();
  const meeting = useQuery({
    queryKey: liveKeys.meeting(id),
    queryFn: ({ signal }) => getMeeting(id, signal),
  });
  const reporters = meeting.data?.reporters ?? [];
  const total = reporters.length;
  const at = presenterPosition(search.get('at'), total);
  const current = reporters[at - 1];
  const next = reporters[at];
  const basics = useQuery({
    queryKey: liveKeys.basics(current?.orgId ?? 0),
    queryFn: ({ signal }) => getBasics({ orgId: current!.orgId }, signal),
    enabled: current !== undefined,
  });

  const go = useCallback(
    (to: number) => {
      if (to >= 1 && to <= total) setSearch({ at: String(to) }, { replace: true });
    },
    [setSearch, total],
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'ArrowRight' || event.key === 'PageDown') go(at + 1);
      if (event.key === 'ArrowLeft' || event.key === 'PageUp') go(at - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [at, go]);

  if (meeting.error) return <Alert type="error" showIcon title={errorText(meeting.error)} />;
  if (!meeting.data) return <Spin size="large" />;
  if (!current)
    return (
      <Screen testId="meeting-present" title={meeting.data.name} badge="">
        <div style={{ fontSize: vh(4, 22) }}>评议会没有述职组织</div>
      </Screen>
    );
  const figures = basics.data ? presenterFigures(basics.data.rows) : [];
  return (
    <Screen
      testId="meeting-present"
      title={meeting.data.name}
      badge={<span data-testid="present-position">{`${at} / ${total}`}</span>}
    >
      <div style={{ fontSize: vh(3, 18), color: '#8c8c8c' }}>正在述职</div>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: vh(3, 16), flexWrap: 'wrap' }}>
        <div data-testid="present-current" style={{ fontSize: vh(9, 40), fontWeight: 700, lineHeight: 1.1 }}>
          {current.orgName}
        </div>
        <div
          data-testid="present-mode"
          style={{
            fontSize: vh(4, 22),
            padding: '0 0.5em',
            borderRadius: 8,
            color: '#fff',
            background: current.mode === 'onStage' ? '#b71c1c' : '#595959',
          }}
        >
          {reporterModeLabels[current.mode]}述职
        </div>
      </div>
      <section
        data-testid="present-figures"
        style={{
          flex: 1,
          minHeight: 0,
          display: 'grid',
          gridTemplateColumns: 'repeat(3, 1fr)',
          gridAutoRows: 'min-content',
          gap: vh(2, 10),
          alignContent: 'center',
        }}
      >
        {basics.error && (
          <Alert type="warning" showIcon title={`基本情况暂不可用：${errorText(basics.error)}`} />
        )}
        {figures.map((f) => (
          <div
            key={f.label}
            style={{ background: '#fff', border: '1px solid #f0d5c4', borderRadius: 12, padding: vh(1.6, 8) }}
          >
            <div style={{ fontSize: vh(2.6, 15), color: '#8c8c8c' }}>{f.label}</div>
            <div style={{ fontSize: vh(5.4, 26), fontWeight: 700, color: '#b71c1c' }}>{f.value}</div>
          </div>
        ))}
      </section>
      <footer
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: vh(2, 12) }}
      >
        <Button size="large" icon={<LeftOutlined />} disabled={at <= 1} onClick={() => go(at - 1)}>
          上一位
        </Button>
        <div data-testid="present-next" style={{ fontSize: vh(3.6, 20) }}>
          {next ? `下一位：${next.orgName}（${reporterModeLabels[next.mode]}）` : '这是最后一位'}
        </div>
        <Button size="large" type="primary" disabled={at >= total} onClick={() => go(at + 1)}>
          下一位 <RightOutlined />
        </Button>
      </footer>
    </Screen>
  );
}
