/**
 * How much an uploaded spreadsheet may hold, checked before the bytes are
 * parsed (`xlsx-guard.ts` for the zip and its XML, `read.ts` and `csv.ts`
 * for what parsing yields).
 *
 * The numbers come from what exceljs costs. It inflates each zip entry whole,
 * holds a sheet's XML as one string while parsing it, and builds the whole
 * workbook as objects: close to a kilobyte per cell once formulas and styles
 * are involved. The browser host runs under tsx at about 170 MB before any
 * import. With these limits the most expensive file measured that passes
 * them (300,000 formula cells with their own styles over 60,000 rows, shared
 * strings and styles near their caps) peaked at 440 MB for the whole host;
 * 50,000 rows of the six 附件2 columns at 390 MB. Anything over a limit is
 * refused within a second at under 270 MB.
 *
 * Real files sit far inside: an agency's roster is hundreds or a few
 * thousand people, and the agency registry a few hundred agencies.
 *
 * A zip states the uncompressed size of each entry, but a hostile one can
 * state anything: the guard counts the bytes it actually inflates.
 */
export interface TableLimits {
  /** Bytes of the uploaded file itself (XLSX as compressed, CSV as is). */
  maxFileBytes: number;
  /** Entries in the XLSX zip. */
  maxZipEntries: number;
  /** Uncompressed bytes of any one zip entry (a sheet's XML, an image…). */
  maxEntryBytes: number;
  /** Uncompressed bytes of all zip entries together. */
  maxTotalBytes: number;
  /** Uncompressed bytes of xl/sharedStrings.xml, the workbook's table of texts. */
  maxSharedStringsBytes: number;
  /**
   * Uncompressed bytes of any other part exceljs builds objects from: styles,
   * comments, drawings, tables, relationships. A styles.xml at Excel's own
   * cap of 64,000 cell formats fits in it.
   */
  maxPartBytes: number;
  /** Rows of one sheet (the last row number, empty rows included). */
  maxRows: number;
  /** Rows of all sheets together: exceljs makes an object of each, empty or not. */
  maxTotalRows: number;
  /**
   * Cells of the whole workbook or CSV file (50,000 rows of the six 附件2
   * columns); for XLSX also the entries of the shared-string table and the
   * rich-text runs. CSV cells cost far less, but one rule for both formats
   * is easier to explain to the person importing.
   */
  maxCells: number;
  /** Characters of one cell: Excel's own limit, so any cell Excel can hold passes. */
  maxCellChars: number;
  /** Merged ranges of the whole workbook (exceljs compares each with every other). */
  maxMerges: number;
  /** Cells covered by merged ranges (exceljs creates every one of them). */
  maxMergedCells: number;
}

export const TABLE_LIMITS: Readonly<TableLimits> = Object.freeze({
  maxFileBytes: 20 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
  maxSharedStringsBytes: 8 * 1024 * 1024,
  maxPartBytes: 8 * 1024 * 1024,
  maxRows: 50_000,
  maxTotalRows: 60_000,
  maxCells: 300_000,
  maxCellChars: 32_767,
  maxMerges: 5_000,
  maxMergedCells: 100_000,
});

/** “20 MB”, “1.5 MB”, “800 KB”: sizes as the messages show them. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mb = bytes / 1024 / 1024;
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** What to do, the same advice wherever a spreadsheet is too large. */
export const SPLIT_ADVICE = '请删去多余的工作表、图片和空行后另存，或把数据拆成几个文件分批导入。';
