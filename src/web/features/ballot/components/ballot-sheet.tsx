import { Alert, Button } from 'antd';
import { useState } from 'react';
import type { BallotForm } from '../../../../contract/meetings.js';
import type { BallotChoices } from '../../../../domain/meetings.js';
import { gradeLabelSets, grades, type Grade } from '../../../../domain/results/grades.js';

export interface SubmitProblem {
  message: string;
  /** A lost answer: the same submission may be sent again. */
  canRetry: boolean;
}

interface Props {
  form: BallotForm;
  submitting: boolean;
  problem: SubmitProblem | null;
  onSubmit: (choices: BallotChoices) => void;
}

const choiceLabels = gradeLabelSets.appraisal;
const cellId = (orgId: number, item: string) => `ballot-${orgId}-${item}`;

/**
 * Every reporter open to this code with every item, one large button per choice; the whole ballot
 * must be filled in (弃权 is a choice of its own where allowed) and confirmed before it goes.
 */
export function BallotSheet({ form, submitting, problem, onSubmit }: Props) {
  const [choices, setChoices] = useState<BallotChoices>({});
  const [missing, setMissing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const options: (Grade | null)[] = form.allowAbstain ? [...grades, null] : [...grades];
  const cells = form.reporters.flatMap((r) => form.items.map((item) => ({ reporter: r, item })));
  const isSet = (orgId: number, item: string) => choices[String(orgId)]?.[item] !== undefined;
  const done = cells.filter((c) => isSet(c.reporter.orgId, c.item.key)).length;

  const choose = (orgId: number, item: string, grade: Grade | null) => {
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
                      {grade ? choiceLabels[grade] : '弃权'}
                    </button>
                  ))}
                </div>
              </div>
            );
          })}
        </section>
      ))}
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
            <Button type="primary" size="large" block loading={submitting} onClick={() => onSubmit(choices)}>
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
