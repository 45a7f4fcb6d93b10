import { Button, Input } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { parseBallotCode } from '../../../../domain/meetings.js';
import { errorText } from '../../../shared/api-client.js';
import { getReceiptStatus } from '../api/ballot.js';
import '../ballot.css';

const receiptPattern = /^\d{5}-?\d{5}$/;

/** /ballot — type a code by hand (when the QR code will not scan), or check a receipt. */
export function BallotEntryPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [code, setCode] = useState('');
  const [codeProblem, setCodeProblem] = useState<string | null>(null);
  const [receipt, setReceipt] = useState(params.get('receipt') ?? '');
  const [answer, setAnswer] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const open = () => {
    const parsed = parseBallotCode(code);
    if (parsed) void navigate(`/ballot/${parsed}`);
    else setCodeProblem('测评码为 12 位字母和数字（如 ABCD-EFGH-JKLM），请核对后重新输入');
  };

  const check = async () => {
    const typed = receipt.trim();
    if (!receiptPattern.test(typed)) return setAnswer('回执号为 10 位数字（如 12345-67890）');
    setChecking(true);
    try {
      const { counted } = await getReceiptStatus(typed);
      setAnswer(counted ? '该回执号对应的测评票已计入。' : '未查到该回执号对应的测评票，请核对后重试。');
    } catch (error) {
      setAnswer(errorText(error));
    } finally {
      setChecking(false);
    }
  };

  return (
    <main className="ballot-page">
      <header className="ballot-header">
        <h1>民主测评</h1>
        <p>测评票不记名</p>
      </header>
      <section className="ballot-panel">
        <h2>输入测评码</h2>
        <Input
          size="large"
          aria-label="测评码"
          placeholder="XXXX-XXXX-XXXX"
          autoCapitalize="characters"
          autoComplete="off"
          value={code}
          status={codeProblem ? 'error' : undefined}
          onChange={(e) => {
            setCode(e.target.value);
            setCodeProblem(null);
          }}
          onPressEnter={open}
        />
        {codeProblem && <p className="ballot-error">{codeProblem}</p>}
        <Button type="primary" size="large" block onClick={open}>
          打开测评票
        </Button>
      </section>
      <section className="ballot-panel">
        <h2>核验回执号</h2>
        <Input
          size="large"
          aria-label="回执号"
          placeholder="12345-67890"
          inputMode="numeric"
          value={receipt}
          onChange={(e) => {
            setReceipt(e.target.value);
            setAnswer(null);
          }}
          onPressEnter={() => void check()}
        />
        <Button size="large" block loading={checking} onClick={() => void check()}>
          核验
        </Button>
        {answer && (
          <p role="status" className="ballot-answer">
            {answer}
          </p>
        )}
        <p className="ballot-hint">回执号只能证明测评票已计入，不显示选票内容。</p>
      </section>
    </main>
  );
}
