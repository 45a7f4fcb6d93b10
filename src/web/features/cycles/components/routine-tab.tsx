import {
  Alert,
  Breadcrumb,
  Button,
  Drawer,
  List,
  Space,
  Spin,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../../shared/api-client.js';
import { JobProgress } from '../../../shared/jobs/job-progress.js';
import { useJob } from '../../../shared/jobs/use-job.js';
import { affectedBy, routineKeys } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getRanking, recomputeRoutine } from '../api/routine-scores.js';
import { RoutineSheet, ScoreStatusTag } from './routine-sheet.js';
import type { Cycle } from '../../../../contract/cycles.js';
import type { RankingItem } from '../../../../contract/routine-scores.js';

/** One level of the drill-down: a cycle's ranking, and the org it was reached through. */
interface Level {
  cycleId: number;
  label: string;
}

const scoreText = (item: RankingItem) =>
  item.total === null ? '—' : `${item.total}${item.vetoed ? '（否决）' : ''}`;

/** 日常考核: the ranking of the cycle's reporting orgs, down to the next cycle of each, and each org's sheet. */
export function RoutineTab({ cycle }: { cycle: Cycle }) {
  const phone = useIsPhone();
  const [levels, setLevels] = useState<Level[]>([{ cycleId: cycle.id, label: cycle.org.name }]);
  const [open, setOpen] = useState<{ cycleId: number; orgId: number } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const level = levels.at(-1)!;
  const ranking = useQuery({
    queryKey: routineKeys.ranking(level.cycleId, undefined),
    queryFn: ({ signal }) => getRanking(level.cycleId, undefined, signal),
    refetchInterval: (query) => ((query.state.data?.pending ?? 0) > 0 ? 2000 : false),
  });
  const recompute = useSubmit({
    submit: () => recomputeRoutine(cycle.id),
    invalidates: affectedBy.routine,
    onSuccess: (started) => setJobId(started.jobId),
  });
  const down = (item: RankingItem) =>
    item.childCycleId !== null &&
    setLevels([...levels, { cycleId: item.childCycleId, label: item.org.name }]);

  const columns: TableColumnsType<RankingItem> = [
    { title: '名次', dataIndex: 'rank', width: 64, render: (rank: number | null) => rank ?? '—' },
    {
      title: '组织',
      key: 'org',
      render: (_, item) => (
        <Button type="link" onClick={() => setOpen({ cycleId: level.cycleId, orgId: item.org.id })}>
          {item.org.name}
        </Button>
      ),
    },
    { title: '得分', key: 'total', width: 110, render: (_, item) => scoreText(item) },
    { title: '满分', dataIndex: 'maxPoints', width: 80, render: (v: number | null) => v ?? '—' },
    {
      title: '未评分',
      dataIndex: 'pendingLines',
      width: 80,
      render: (v: number | null) => (v ? `${v}项` : '—'),
    },
    { title: '状态', key: 'status', width: 90, render: (_, item) => <ScoreStatusTag status={item.status} /> },
    {
      title: '下级',
      key: 'down',
      width: 100,
      render: (_, item) =>
        item.childCycleId !== null && (
          <Button size="small" onClick={() => down(item)}>
            下级排名
          </Button>
        ),
    },
  ];

  return (
    <div data-testid="routine-tab">
      <Space wrap style={{ marginBottom: 12 }}>
        <Breadcrumb
          items={levels.map((l, i) => ({
            title:
              i === levels.length - 1 ? (
                l.label
              ) : (
                <a onClick={() => setLevels(levels.slice(0, i + 1))}>{l.label}</a>
              ),
          }))}
        />
        {cycle.writable && level.cycleId === cycle.id && (
          <Button onClick={() => recompute.run(undefined)} loading={recompute.submitting}>
            全部重新计算
          </Button>
        )}
      </Space>
      {jobId && <JobProgress job={job} />}
      {ranking.error ? (
        <Alert type="error" showIcon title={errorText(ranking.error)} />
      ) : !ranking.data ? (
        <Spin />
      ) : (
        <>
          {ranking.data.pending > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`${ranking.data.pending}个组织的得分计算中，排名可能变动`}
            />
          )}
          {phone ? (
            <List
              dataSource={ranking.data.items}
              rowKey={(item) => item.org.id}
              renderItem={(item) => (
                <List.Item
                  onClick={() => setOpen({ cycleId: level.cycleId, orgId: item.org.id })}
                  extra={
                    item.childCycleId !== null && (
                      <Button
                        size="small"
                        onClick={(event) => {
                          event.stopPropagation();
                          down(item);
                        }}
                      >
                        下级
                      </Button>
                    )
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        <span>{item.rank ?? '—'}.</span>
                        <Typography.Link>{item.org.name}</Typography.Link>
                      </Space>
                    }
                    description={
                      <Space wrap>
                        <span>得分 {scoreText(item)}</span>
                        <ScoreStatusTag status={item.status} />
                        {item.pendingLines ? (
                          <Typography.Text type="secondary">{item.pendingLines}项未评分</Typography.Text>
                        ) : null}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          ) : (
            <Table<RankingItem>
              rowKey={(item) => item.org.id}
              size="small"
              pagination={false}
              columns={columns}
              dataSource={ranking.data.items}
              data-testid="routine-ranking"
            />
          )}
        </>
      )}
      <Drawer
        title="日常考核评分表"
        open={open !== null}
        onClose={() => setOpen(null)}
        size={phone ? '100%' : 1100}
        destroyOnHidden
      >
        {open && <RoutineSheet cycleId={open.cycleId} orgId={open.orgId} />}
      </Drawer>
    </div>
  );
}
