import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useSearchParams } from 'react-router';
import type { RosterRow } from '../../../../contract/members.js';
import { rosterListTitles, rosterLists, type RosterList } from '../../../../domain/roster.js';
import { errorText } from '../../../shared/api-client.js';
import { todayIso } from '../../../shared/date-values.js';
import { memberKeys } from '../../../shared/query-keys.js';
import { getRoster } from '../api/get-roster.js';
import { memberFilterQuery, memberFiltersFrom } from '../filters.js';
import {
  columnsOf,
  estimatedRowHeight,
  spacerRow,
  tableRows,
  visibleRows,
  type Column,
} from '../roster-table.js';

/**
 * 党员花名册 and the lists of activists and applicants: one request for exactly the printed columns,
 * rendered as plain tables (thousands of rows without a data grid's overhead). The screen renders
 * only the rows around the window (a county's thousands took the browser seconds to lay out, and
 * kept the page busy after its first rows showed); printing renders every row into a table of its
 * own, shown on paper only, and drops it afterwards.
 */
export function MemberRosterPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = memberFiltersFrom(searchParams);
  const list = filters.list ?? 'members';
  const { data, error } = useQuery({
    queryKey: memberKeys.roster(memberFilterQuery({ ...filters, list })),
    queryFn: ({ signal }) => getRoster({ ...filters, list }, signal),
  });
  const { printing, print } = usePrinting();

  const listSwitch = (
    <Segmented<RosterList>
      value={list}
      options={rosterLists.map((value) => ({ value, label: rosterListTitles[value] }))}
      onChange={(value) => setSearchParams(memberFilterQuery({ ...filters, stage: undefined, list: value }))}
    />
  );
  if (error)
    return (
      <div className="roster">
        <Alert type="error" showIcon title={errorText(error)} />
      </div>
    );

  return (
    <div className="roster" data-testid="member-roster">
      <Space className="no-print" wrap style={{ marginBottom: 16 }}>
        {listSwitch}
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          disabled={!data}
          loading={printing === 'preparing'}
          onClick={print}
        >
          {printing === 'preparing' ? '正在准备打印' : '打印'}
        </Button>
        {data && data.total > data.limit && (
          <Typography.Text type="warning">
            共 {data.total} 人，仅列出前 {data.limit} 人；完整名单请导出 Excel。
          </Typography.Text>
        )}
      </Space>
      <h1 className="roster-title">{rosterListTitles[list]}</h1>
      {!data ? (
        <Spin description="正在载入名册" />
      ) : (
        <>
          <p className="roster-meta">
            {data.orgName} · 共 {data.total} 人 · 制表日期 {todayIso()}
          </p>
          <table className="roster-table roster-screen no-print">
            <RosterHead columns={columnsOf[data.list]} />
            <ScreenRows rows={data.items} columns={columnsOf[data.list]} />
          </table>
          {printing === 'shown' && (
            <table className="roster-table roster-print" data-testid="roster-print">
              <RosterHead columns={columnsOf[data.list]} />
              <AllRows rows={data.items} columns={columnsOf[data.list]} />
            </table>
          )}
        </>
      )}
    </div>
  );
}

/**
 * Whether the full table for paper is in the page: 'preparing' from a click on 打印 until its rows
 * are built (the button says so meanwhile: a county's rows take a moment), then 'shown' while the
 * print dialog is open; the browser's beforeprint (Ctrl+P as well) shows it at once, its afterprint
 * drops it.
 */
function usePrinting() {
  const [printing, setPrinting] = useState<'no' | 'preparing' | 'shown'>('no');
  const asked = useRef(false);
  useEffect(() => {
    // Synchronously: the rows must be in the page the browser is about to lay out on paper.
    const before = () => flushSync(() => setPrinting('shown'));
    const after = () => setPrinting('no');
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  useEffect(() => {
    let timer = 0;
    let frame = 0;
    if (printing === 'shown' && asked.current) {
      asked.current = false;
      // A task of its own: beforeprint's synchronous render cannot run inside React's effects.
      timer = window.setTimeout(() => window.print());
    } else if (printing === 'preparing') {
      // The button's new state is painted before the rows are built.
      frame = requestAnimationFrame(() => {
        timer = window.setTimeout(() => setPrinting('shown'));
      });
    }
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [printing]);
  const print = () => {
    asked.current = true;
    setPrinting('preparing');
  };
  return { printing, print };
}

function RosterHead({ columns }: { columns: Column[] }) {
  return (
    <>
      <colgroup>
        <col style={{ width: '3.5em' }} />
        {columns.map((c) => (
          <col key={c.title} style={c.width ? { width: c.width } : undefined} />
        ))}
      </colgroup>
      <thead>
        <tr>
          <th>序号</th>
          {columns.map((c) => (
            <th key={c.title}>{c.title}</th>
          ))}
        </tr>
      </thead>
    </>
  );
}

/** Every row, for paper. */
function AllRows({ rows, columns }: { rows: RosterRow[]; columns: Column[] }) {
  const html = useMemo(() => tableRows(rows, columns), [rows, columns]);
  return <tbody dangerouslySetInnerHTML={{ __html: html }} />;
}

/**
 * The rows around the window, with empty rows standing for the others above and below: one line
 * each on screen, so every row is as high as the first ones measured, and where a row sits follows
 * from its number. Follows the scrolling of the page (or of any box around the table).
 */
function ScreenRows({ rows, columns }: { rows: RosterRow[]; columns: Column[] }) {
  const body = useRef<HTMLTableSectionElement>(null);
  const [view, setView] = useState(() => ({
    rows,
    rowHeight: estimatedRowHeight,
    range: visibleRows(rows.length, estimatedRowHeight, 0, window.innerHeight),
  }));
  // Another list (or a refetch) starts from the top again.
  const current =
    view.rows === rows
      ? view
      : {
          rows,
          rowHeight: estimatedRowHeight,
          range: visibleRows(rows.length, estimatedRowHeight, 0, window.innerHeight),
        };
  if (current !== view) setView(current);

  useLayoutEffect(() => {
    const update = () => {
      const element = body.current;
      if (!element) return;
      const shown = element.querySelectorAll<HTMLTableRowElement>('tr:not(.roster-spacer)');
      const rowHeight =
        shown.length > 1
          ? (shown[shown.length - 1]!.getBoundingClientRect().bottom -
              shown[0]!.getBoundingClientRect().top) /
            shown.length
          : estimatedRowHeight;
      const range = visibleRows(
        rows.length,
        rowHeight,
        -element.getBoundingClientRect().top,
        window.innerHeight,
      );
      setView((before) =>
        before.rows === rows &&
        before.range[0] === range[0] &&
        before.range[1] === range[1] &&
        Math.abs(before.rowHeight - rowHeight) < 0.01
          ? before
          : { rows, rowHeight, range },
      );
    };
    update();
    document.addEventListener('scroll', update, { capture: true, passive: true });
    window.addEventListener('resize', update);
    return () => {
      document.removeEventListener('scroll', update, { capture: true });
      window.removeEventListener('resize', update);
    };
  }, [rows]);

  const [start, end] = current.range;
  const columnCount = columns.length + 1;
  const html = useMemo(
    () =>
      spacerRow(start * current.rowHeight, columnCount) +
      tableRows(rows.slice(start, end), columns, start + 1) +
      spacerRow((rows.length - end) * current.rowHeight, columnCount),
    [rows, columns, start, end, current.rowHeight, columnCount],
  );
  return <tbody ref={body} dangerouslySetInnerHTML={{ __html: html }} />;
}
