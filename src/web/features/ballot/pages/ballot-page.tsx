import { Button, Result, Spin } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { BallotForm } from '../../../../contract/meetings.js';
import { parseBallotCode, type AnyBallotChoices } from '../../../../domain/meetings.js';
import { ApiError, errorText } from '../../../shared/api-client.js';
import { castBallot, getBallotForm } from '../api/ballot.js';
import { BallotSheet, type SubmitProblem } from '../components/ballot-sheet.js';
import { ReceiptNote } from '../components/receipt-note.js';
import { keepReceipt, keptReceipts, submissionIdFor } from '../submission-store.js';
import '../ballot.css';

type View =
  | { kind: 'loading' }
  | { kind: 'form'; form: BallotForm }
  /** Voting not open yet, or (逐人投票) between reporters: the page asks again every few seconds. */
  | { kind: 'waiting'; message: string }
  | { kind: 'done' }
  | { kind: 'refused'; title: string; message: string }
  | { kind: 'offline'; message: string };

const pollMs = 4000;
const isOffline = (error: unknown) =>
  !(error instanceof ApiError) || error.code === 'NETWORK_ERROR' || error.status >= 500;

function viewOf(error: unknown): View {
  if (isOffline(error)) return { kind: 'offline', message: errorText(error) };
  const { code, message } = error as ApiError;
  if (code === 'VOTING_NOT_OPEN' || code === 'REPORTER_VOTING_NOT_OPEN') return { kind: 'waiting', message };
  const titles: Record<string, string> = {
    BALLOT_CODE_UNKNOWN: '测评码无效',
    BALLOT_CODE_USED: '测评码已使用',
    VOTING_CLOSED: '测评已结束',
  };
  return { kind: 'refused', title: titles[code] ?? '无法投票', message };
}

function viewOfForm(form: BallotForm | undefined, error: unknown): View {
  if (error) return viewOf(error);
  if (!form) return { kind: 'loading' };
  if (form.reporters.length === 0)
    return { kind: 'waiting', message: '请等待主持人宣布开始下一位述职人的投票' };
  return { kind: 'form', form };
}

const orgIdOf = (form: BallotForm) => (form.votingMode === 'perReporter' ? form.reporters[0]!.orgId : null);

/** A failed submission the sheet shows itself; null for one that changes the page. */
function problemOf(error: unknown): SubmitProblem | null {
  if (!error) return null;
  if (isOffline(error)) return { message: `${errorText(error)}（选择已保留，可重试）`, canRetry: true };
  if (error instanceof ApiError && error.code === 'BALLOT_INCOMPLETE')
    return { message: error.message, canRetry: false };
  return null;
}

/** /ballot/:code — the panelist's phone ballot; public, no login, no session call. */
export function BallotPage() {
  const code = parseBallotCode(useParams().code ?? '');
  const [receipts, setReceipts] = useState<string[]>(() => (code ? keptReceipts(code) : []));
  const [lastReceipt, setLastReceipt] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const query = useQuery({
    queryKey: ['ballot', code],
    queryFn: () => getBallotForm(code!),
    enabled: code !== null && !done,
    refetchInterval: (q) => (viewOfForm(q.state.data, q.state.error).kind === 'waiting' ? pollMs : false),
  });

  const cast = useMutation({
    mutationFn: ({
      form,
      choices,
      comment,
    }: {
      form: BallotForm;
      choices: AnyBallotChoices;
      comment?: string;
    }) => castBallot(code!, { submissionId: submissionIdFor(code!, orgIdOf(form)), choices, comment }),
    onSuccess: async ({ receipt }, { form }) => {
      keepReceipt(code!, receipt);
      setReceipts(keptReceipts(code!));
      setLastReceipt(receipt);
      // 逐人投票: the next form (or the wait for it) comes from the server.
      if (orgIdOf(form) === null) setDone(true);
      else await query.refetch();
    },
    // Voting moved on, or the code was used meanwhile: the server's answer now says which.
    onError: async (error) => {
      if (!problemOf(error)) await query.refetch();
    },
  });

  if (!code)
    return (
      <BallotFrame>
        <Result
          status="warning"
          title="测评码格式不正确"
          subTitle="测评码为 12 位字母和数字，请核对后重新输入。"
        />
        <Link className="ballot-link" to="/ballot">
          手动输入测评码
        </Link>
      </BallotFrame>
    );

  const view: View = done ? { kind: 'done' } : viewOfForm(query.data, query.error);
  const problem = problemOf(cast.error);
  return (
    <BallotFrame title={view.kind === 'form' ? view.form : null}>
      {view.kind === 'loading' && (
        <div className="ballot-center">
          <Spin size="large" description="正在打开测评票…" />
        </div>
      )}
      {view.kind === 'form' && (
        <BallotSheet
          key={view.form.reporters[0]?.orgId}
          form={view.form}
          submitting={cast.isPending}
          problem={problem}
          onSubmit={(choices, comment) => cast.mutate({ form: view.form, choices, comment })}
        />
      )}
      {view.kind === 'waiting' && (
        <Result status="info" title="请稍候" subTitle={`${view.message}。页面会自动刷新。`} />
      )}
      {view.kind === 'done' && (
        <Result
          status="success"
          title="投票成功"
          subTitle={`感谢您参加${query.data?.kind === 'satisfaction' ? '满意度测评' : '民主测评'}。`}
        />
      )}
      {view.kind === 'refused' && <Result status="warning" title={view.title} subTitle={view.message} />}
      {view.kind === 'offline' && (
        <Result
          status="error"
          title="网络连接失败"
          subTitle={view.message}
          extra={
            <Button
              type="primary"
              size="large"
              loading={query.isFetching}
              onClick={() => void query.refetch()}
            >
              重试
            </Button>
          }
        />
      )}
      {view.kind !== 'form' && receipts.length > 0 && (
        <ReceiptNote receipts={receipts} latest={lastReceipt} />
      )}
    </BallotFrame>
  );
}

function BallotFrame({ title, children }: { title?: BallotForm | null; children: ReactNode }) {
  return (
    <main className="ballot-page">
      <header className="ballot-header">
        <h1>{title ? title.meetingName : '民主测评'}</h1>
        {title && (
          <p>
            {title.category}
            {title.rehearsal && '（模拟测评）'} · 测评票不记名
          </p>
        )}
      </header>
      {children}
    </main>
  );
}
