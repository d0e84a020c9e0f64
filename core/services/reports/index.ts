/** The `reports/*` methods: 附件4 computed, traced, edited, 报送 and received. */
export { attachment4, saveText, trace } from './figures';
export { exportSubmitted, import, received, submit, verify } from './documents';
export { exportReport as export } from './export';
