/** The `personnel/*` methods: the 附件2 roster of an agency, its import and its XLSX export. */
export { addRow, deleteRow, get, saveSummary, search, updateRow } from './roster';
export { importPreview, importRoster as import } from './import';
export { exportXlsx } from './xlsx';
