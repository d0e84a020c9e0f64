/** The `agencies/*` methods: the registry of agencies and certificates, and its XLSX form. */
export { get, list, save } from './records';
export { exportXlsx, importXlsx } from './xlsx';
