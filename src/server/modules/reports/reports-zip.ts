// Every 述职报告 of a cycle in the reader's scope as one .zip of Word files with a 清单.txt, made as
// a job and kept in the file store (kind `generated`), from where the reader downloads it.
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { reportStatusLabels, type ReportBody, type ReportStatus } from '../../../domain/reports.js';
import type { Db } from '../../../db/client.js';
import { reports, reportVersions } from '../../../db/schema/index.js';
import type { ReportList, ReportsExportResult } from '../../../contract/reports.js';
import { badRequest } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import type { JobContext } from '../../jobs/service.js';
import { visibleCycle } from '../cycles/service.js';
import type { FileService } from '../files/service.js';
import { reportDocx } from './report-docx.js';
import { docxName, type ReportService } from './service.js';

export const reportsExportJobKind = 'reports.export';

/** One entry of the zip: the entry's name, the first free one after `name`（2）,（3）… */
function freeName(taken: Set<string>, base: string, extension: string): string {
  let name = `${base}${extension}`;
  for (let n = 2; taken.has(name); n++) name = `${base}（${n}）${extension}`;
  taken.add(name);
  return name;
}

export function createReportsZip(deps: { db: Db; reports: ReportService; files: FileService }) {
  const { db, files } = deps;

  /** The body a report is exported with: its latest submission, else the working copy (a draft). */
  async function exportedBody(reportId: number): Promise<{ body: ReportBody; draft: boolean }> {
    const [row] = await db
      .select({ body: reports.body, submitted: reportVersions.body })
      .from(reports)
      .leftJoin(
        reportVersions,
        and(eq(reportVersions.reportId, reports.id), eq(reportVersions.version, reports.versions)),
      )
      .where(eq(reports.id, reportId));
    return row!.submitted ? { body: row!.submitted, draft: false } : { body: row!.body, draft: true };
  }

  return {
    /**
     * The cycle's reporting orgs in the reader's scope, read before the job starts: 404 as the list
     * when the cycle is not theirs, 400 `REPORTS_NONE` when none of them has a report yet.
     */
    async exportable(actor: Actor, cycleId: number): Promise<ReportList> {
      const list = await deps.reports.list(actor, cycleId);
      if (!list.items.some((i) => i.report))
        throw badRequest('REPORTS_NONE', '本考核周期没有可导出的述职报告');
      return list;
    },

    /** The job's work: each report as Word, the list, one zip, stored for the reader's org. */
    async build(
      actor: Actor,
      cycleId: number,
      list: ReportList,
      progress: JobContext['progress'],
    ): Promise<ReportsExportResult> {
      const cycle = await visibleCycle(db, actor, cycleId);
      const reported = list.items.filter((i) => i.report);
      const entries: Zippable = {};
      const taken = new Set<string>(['清单.txt']);
      const lines = [
        `${cycle.orgName} ${cycle.cycle.name} 述职报告清单`,
        `报告截止日期：${list.dueOn ?? '未设定'}`,
        '',
        ['序号', '述职组织', '状态', '提交版本数', '是否逾期', '文件'].join('\t'),
      ];
      progress({ phase: 'packing', done: 0, total: reported.length });
      let done = 0;
      for (const [index, item] of list.items.entries()) {
        const report = item.report;
        let fileName = '—';
        if (report) {
          const { body, draft } = await exportedBody(report.id);
          const base = docxName(`${item.orgName}-${body.title}`) + (draft ? '（草稿）' : '');
          fileName = freeName(taken, base, '.docx');
          // Word files are compressed already: stored as they are.
          entries[fileName] = [await reportDocx(body), { level: 0 }];
          progress({ phase: 'packing', done: ++done, total: reported.length });
        }
        lines.push(
          [
            index + 1,
            item.orgName,
            report ? reportStatusLabels[report.status as ReportStatus] : '未撰写',
            report ? report.versions : 0,
            report?.late ? '逾期' : '否',
            fileName,
          ].join('\t'),
        );
      }
      entries['清单.txt'] = strToU8(`\uFEFF${lines.join('\r\n')}\r\n`);
      progress({ phase: 'saving', done: reported.length, total: reported.length });
      const zip = zipSync(entries);
      const fileName = `${docxName(`${cycle.orgName}-${cycle.cycle.name}-述职报告`)}.zip`;
      const stored = await files.put(actor, {
        kind: 'generated',
        // Kept under the org the reader's scope starts at, so whoever may download it may read every
        // report in it; for a whole-system reader, under the cycle's org (its reporters are below it).
        orgId: actor.scope.kind === 'all' ? cycle.cycle.orgId : Number(actor.scope.path.split('.').pop()),
        name: fileName,
        source: Readable.from([Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)]),
      });
      return { fileId: stored.id, fileName: stored.name, reports: reported.length };
    },
  };
}

export type ReportsZip = ReturnType<typeof createReportsZip>;
