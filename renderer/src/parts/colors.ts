// Shared: the inspections list, the inspection header and the export list all colour the same tags.
import type { InspectionStatus } from '../../../core/contract/inspections';
import type { Severity } from '../../../core/contract/findings';

export const STATUS_COLOR: Record<InspectionStatus, string> = {
  draft: 'default',
  completed: 'blue',
  signed: 'green',
  submitted: 'purple',
};

export const SEVERITY_COLOR: Record<Severity, string> = { 一般问题: 'blue', 违法违规行为: 'orange', 严重事故隐患: 'red' };
