import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../../shared/api-client.js';
import { affectedBy, evaluationKeys } from '../../../shared/query-keys.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { listLeaderReviews, saveLeaderReview } from '../api/leader-reviews.js';
import type { LeaderReview, LeaderReviewInput, LeaderReviewList } from '../../../../contract/evaluations.js';
import type { Meeting } from '../../../../contract/meetings.js';

type Reporter = LeaderReviewList['reporters'][number];

const scoreText = (score: number | null) => (score === null ? '—' : `${score} 分`);

/** The leaders' reviews of one reporter so far: who, their mean over the items, their critique. */
function ReviewsTable({ reporter }: { reporter: Reporter }) {
  const phone = useIsPhone();
  if (reporter.reviews.length === 0)
    return <Typography.Paragraph type="secondary">还没有领导评议。</Typography.Paragraph>;
  if (phone)
    return (
      <div data-testid="leader-reviews">
        <List
          size="small"
          dataSource={reporter.reviews}
          renderItem={(r) => (
            <List.Item>
              <List.Item.Meta
                title={`${r.reviewerName} · ${scoreText(r.score)}`}
                description={<span style={{ whiteSpace: 'pre-wrap' }}>{r.critique || '（无点评）'}</span>}
              />
            </List.Item>
          )}
        />
      </div>
    );
  return (
    <Table<LeaderReview>
      rowKey="reviewerId"
      size="small"
      pagination={false}
      dataSource={reporter.reviews}
      data-testid="leader-reviews"
      scroll={{ x: 'max-content' }}
      columns={[
        { title: '评议领导', dataIndex: 'reviewerName', width: 120 },
        { title: '平均分', dataIndex: 'score', width: 80, align: 'right', render: scoreText },
        {
          title: '点评',
          dataIndex: 'critique',
          render: (c: string) => (
            <Typography.Text style={{ whiteSpace: 'pre-wrap', minWidth: 160, display: 'block' }}>
              {c || '—'}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

/** The signed-in leader's own review of one reporter: a score per item and a critique. */
function ReviewForm({
  list,
  reporter,
  onSaved,
}: {
  list: LeaderReviewList;
  reporter: Reporter;
  onSaved: (next: boolean) => void;
}) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<LeaderReviewInput>();
  const [moveOn, setMoveOn] = useState(false);
  const own = reporter.reviews.find((r) => r.reviewerId === user.id);
  const save = useSubmit({
    submit: ({ scores, critique }: LeaderReviewInput) =>
      saveLeaderReview(list.meetingId, reporter.orgId, {
        // An emptied field is left out, so the server names the item still to score.
        scores: Object.fromEntries(Object.entries(scores ?? {}).filter(([, v]) => typeof v === 'number')),
        critique: critique ?? '',
      }),
    invalidates: affectedBy.evaluations,
    form,
    onSuccess: () => {
      void message.success(`已保存对${reporter.orgName}的评议`);
      onSaved(moveOn);
    },
  });
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={save.run}
      initialValues={{ scores: own?.scores ?? {}, critique: own?.critique ?? '' }}
      data-testid="leader-review-form"
      className="leader-review-form"
    >
      {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
      <div className="leader-review-items">
        {list.items.map((item, i) => (
          <Form.Item key={item.key} name={['scores', item.key]} label={item.label}>
            <InputNumber
              min={0}
              max={100}
              step={0.5}
              precision={1}
              placeholder="0–100"
              autoFocus={i === 0}
              style={{ width: '100%' }}
            />
          </Form.Item>
        ))}
      </div>
      <Form.Item name="critique" label="点评">
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder="对述职情况的点评，将写入反馈意见" />
      </Form.Item>
      <Space wrap>
        <Button
          type="primary"
          htmlType="submit"
          loading={save.submitting && !moveOn}
          onClick={() => setMoveOn(false)}
          data-testid="leader-review-save"
        >
          保存
        </Button>
        {reporter.position < list.reporters.length && (
          <Button
            htmlType="submit"
            loading={save.submitting && moveOn}
            onClick={() => setMoveOn(true)}
            data-testid="leader-review-save-next"
          >
            保存并评下一位
          </Button>
        )}
      </Space>
    </Form>
  );
}

/**
 * 领导评议: the upper leaders score each reporter on the meeting's items and write a critique, one
 * reporter after the other in the meeting's order; what they enter is the 述职评议 of the results.
 */
export function LeaderReviewsPanel({ meeting }: { meeting: Meeting }) {
  const { data, error } = useQuery({
    queryKey: evaluationKeys.leaderReviews(meeting.id),
    queryFn: ({ signal }) => listLeaderReviews(meeting.id, signal),
  });
  const [index, setIndex] = useState(0);
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return <Spin />;
  if (data.reporters.length === 0)
    return <Empty description="本次评议会还没有述职组织，请先在“评议会设置”中安排述职顺序。" />;
  const at = Math.min(index, data.reporters.length - 1);
  const reporter = data.reporters[at]!;
  const step = (to: number) => setIndex(Math.max(0, Math.min(to, data.reporters.length - 1)));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="leader-reviews-panel">
      {!data.writable && (
        <Alert
          type="info"
          showIcon
          data-testid="leader-reviews-readonly"
          title="领导评议只读"
          description="综合评价结果已发布、考核周期已结束，或您不是本周期的组织单位人员，不能再录入或修改评议。"
        />
      )}
      <div className="leader-review-nav no-print">
        <Button onClick={() => step(at - 1)} disabled={at === 0} data-testid="leader-review-previous">
          上一位
        </Button>
        <Select
          value={reporter.orgId}
          onChange={(orgId) => step(data.reporters.findIndex((r) => r.orgId === orgId))}
          options={data.reporters.map((r) => ({
            value: r.orgId,
            label: `${r.position}. ${r.orgName}${r.reviews.length ? `（${r.reviews.length} 人已评）` : ''}`,
          }))}
          aria-label="述职组织"
          className="leader-review-picker"
        />
        <Button
          onClick={() => step(at + 1)}
          disabled={at === data.reporters.length - 1}
          data-testid="leader-review-next"
        >
          下一位
        </Button>
      </div>
      <Typography.Title level={5} data-testid="leader-review-reporter">
        {reporter.position}/{data.reporters.length} {reporter.orgName}
        <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
          领导评分平均 <span data-testid="leader-review-mean">{scoreText(reporter.score)}</span>
        </Typography.Text>
      </Typography.Title>
      <ReviewsTable reporter={reporter} />
      {data.writable && (
        <>
          <Typography.Title level={5}>我的评议</Typography.Title>
          <ReviewForm
            // Remounted per reporter and after each save, so it starts from what the server holds.
            key={`${reporter.orgId}-${reporter.reviews.map((r) => r.updatedAt).join()}`}
            list={data}
            reporter={reporter}
            onSaved={(next) => next && step(at + 1)}
          />
        </>
      )}
    </Space>
  );
}
