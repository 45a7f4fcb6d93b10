// Baseline of the import benchmark, run as its own process: ExcelJS's streaming reader over the file
// alone, counting rows and touching every cell. Prints one JSON line. The import no longer uses this
// reader (it corrupts characters split across chunks, see modules/imports/xlsx-xml.ts); it stays the
// baseline so that ratios compare with the runs recorded before.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

const file = process.argv[2]!;
const started = performance.now();
const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([fs.readFileSync(file)]), {
  sharedStrings: 'cache',
  styles: 'cache',
  worksheets: 'emit',
  hyperlinks: 'ignore',
  entries: 'ignore',
});
let rows = 0;
let cells = 0;
for await (const sheet of reader) {
  for await (const row of sheet) {
    rows++;
    cells += (row.values as unknown[]).filter((v) => v !== undefined && v !== null).length;
  }
}
process.stdout.write(
  JSON.stringify({
    rows,
    cells,
    wallMs: Math.round(performance.now() - started),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
