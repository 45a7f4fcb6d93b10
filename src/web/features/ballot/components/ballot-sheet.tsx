import { Alert, Button, Input } from 'antd';
import { useState } from 'react';
import type { BallotForm } from '../../../../contract/meetings.js';
import { ballotScales, surveyCommentMaxLength, type AnyBallotChoices } from '../../../../domain/meetings.js';

export interface SubmitProblem {
  message: string;
  /** A lost answer: the same submission may be sent again. */
  canRetry: boolean;
}

interface Props {
  form: BallotForm;
  submitting: boolean;
  problem: SubmitProblem | null;
  /** The comment is a 满意度测评's alone; trimmed, undefined when left empty. */
  onSubmit: (choices: AnyBallotChoices, comment: string | undefined) => void;
}

type Choice = AnyBallotChoices[string][string];

const cellId = (orgId: number, item: string) => `ballot-${orgId}-${item}`;

/**
 * Every reporter open to this code with every item, one large button per choice of the meeting's
 * scale (好/较好/一般/差, or 满意/基本满意/不满意 for a survey, which also takes an optional
 * comment); the whole ballot must be filled in (弃权 is a choice of its own where allowed) and
 * confirmed before it goes.
 */
export function BallotSheet({ form, submitting, problem, onSubmit }: Props) {
  const [choices, setChoices] = useState<AnyBallotChoices>({});
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const scale: { choices: readonly Choice[]; labels: Record<string, string> } = ballotScales[form.kind];
  const options: Choice[] = form.allowAbstain ? [...scale.choices, null] : [...scale.choices];
  const cells = form.reporters.flatMap((r) => form.items.map((item) => ({ reporter: r, item })));
  const isSet = (orgId: number, item: string) => choices[String(orgId)]?.[item] !== undefined;
  const done = cells.filter((c) => isSet(c.reporter.orgId, c.item.key)).length;

  const choose = (orgId: number, item: string, grade: Choice) => {
    setChoices((all) => ({ ...all, [String(orgId)]: { ...all[String(orgId)], [item]: grade } }));
    if (missing === cellId(orgId, item)) setMissing(null);
    setConfirming(false);
  };

  const review = () => {
    const first = cells.find((c) => !isSet(c.reporter.orgId, c.item.key));
    if (!first) return setConfirming(true);
    const id = cellId(first.reporter.orgId, first.item.key);
    setMissing(id);
    document.getElementById(id)?.scrollIntoView({ block: 'center' });
  };

  const firstMissing = missing ? cells.find((c) => cellId(c.reporter.orgId, c.item.key) === missing) : null;

  return (
    <>
      <div className="ballot-progress" role="status">
        已评 {done}/{cells.length}
      </div>
      {form.reporters.map((reporter) => (
        <section key={reporter.orgId} className="ballot-reporter" aria-label={reporter.name}>
          <h2>
            {reporter.position}. {reporter.name}
            {reporter.mode === 'written' && <span className="ballot-tag">书面述职</span>}
          </h2>
          {form.items.map((item) => {
            const id = cellId(reporter.orgId, item.key);
            const chosen = choices[String(reporter.orgId)]?.[item.key];
            return (
              <div
                key={item.key}
                id={id}
                className={id === missing ? 'ballot-item ballot-item-missing' : 'ballot-item'}
                role="group"
                aria-label={`${reporter.name} ${item.label}`}
              >
                <div className="ballot-item-label">{item.label}</div>
                <div className="ballot-choices">
                  {options.map((grade) => (
                    <button
                      key={grade ?? 'abstain'}
                      type="button"
                      className="ballot-choice"
                      aria-pressed={chosen === grade}
                      onClick={() => choose(reporter.orgId, item.key, grade)}
                    >
                      {grade ? scale.labels[grade] : '弃权'}
                    </button>
                  ))}
                </div>
              </div>
            );
          })}
        </section>
      ))}
      {form.kind === 'satisfaction' && (
        <section className="ballot-reporter" aria-label="意见建议">
          <h2>意见建议（选填）</h2>
          <Input.TextArea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={surveyCommentMaxLength}
            showCount
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder="对村干部和村里工作的意见建议，不署名"
            data-testid="ballot-comment"
          />
        </section>
      )}
      <div className="ballot-actions">
        {firstMissing && (
          <Alert
            type="warning"
            title={`还有 ${cells.length - done} 项未评价，请评价“${firstMissing.reporter.name}”的“${firstMissing.item.label}”`}
          />
        )}
        {problem && <Alert type="error" title={problem.message} />}
        {confirming ? (
          <>
            <p className="ballot-confirm">全部 {cells.length} 项已评价。提交后不能修改，确认提交吗？</p>
            <Button
              type="primary"
              size="large"
              block
              loading={submitting}
              onClick={() => onSubmit(choices, comment.trim() || undefined)}
            >
              {problem?.canRetry ? '重试提交' : '确认提交'}
            </Button>
            <Button size="large" block disabled={submitting} onClick={() => setConfirming(false)}>
              返回修改
            </Button>
          </>
        ) : (
          <Button type="primary" size="large" block onClick={review}>
            提交测评票
          </Button>
        )}
      </div>
    </>
  );
}
