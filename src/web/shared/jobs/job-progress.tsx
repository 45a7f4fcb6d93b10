import { Progress, Typography } from 'antd';
import type { Job } from './use-job.js';

/** What each job kind's phases are called; a phase not listed reads as 「正在处理」. */
const phaseLabels: Record<string, string> = {
  reading: '正在读取并逐行校验',
  validating: '正在检查重复和组织',
  writing: '正在写入数据库',
  packing: '正在生成 Word 文件并打包',
  saving: '正在保存压缩包',
  analyzing: '正在审查报告',
  comparing: '正在与其他报告比对雷同',
};

/** Whole percent of a running job; 100 only once it has ended. */
export function jobPercent(job: Job): number {
  if (job.state === 'succeeded' || job.state === 'failed') return 100;
  const { done, total } = job.progress;
  return total ? Math.min(99, Math.floor((done / total) * 100)) : 0;
}

function progressText(job: Job): string {
  if (job.state === 'queued') return '排队等待中';
  const { phase, done, total } = job.progress;
  const label = (phase && phaseLabels[phase]) ?? '正在处理';
  if (!total) return done ? `${label}（已处理 ${done} 项）` : label;
  const estimated = phase === 'reading' ? '约 ' : '';
  return `${label}（${done} / ${estimated}${total}）`;
}

/** The bar and the words for a job that has not ended yet; every job shows its progress this way. */
export function JobProgress({ job }: { job: Job | null }) {
  return (
    <div role="status" aria-live="polite" data-testid="job-progress">
      <Progress percent={job ? jobPercent(job) : 0} status="active" />
      <Typography.Text type="secondary">
        {job ? progressText(job) : '已提交，等待服务器开始处理'}
      </Typography.Text>
    </div>
  );
}
