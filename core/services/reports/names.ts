/** File names of a unit's 附件4 outputs: the unit and period in every one of them. */
import { REPORT_FILE_SUFFIX } from '../../../bundle/report';
import { safeFileNamePart } from '../../../lib/file-name';

function base(unitName: string, period: { from: string; to: string }): string {
  return `附件4_${safeFileNamePart(unitName)}_${period.from}_${period.to}`;
}

export function reportFileName(unitName: string, period: { from: string; to: string }): string {
  return `${base(unitName, period)}${REPORT_FILE_SUFFIX}`;
}

export function outputFileName(unitName: string, period: { from: string; to: string }, ext: 'xlsx' | 'pdf' | 'eml'): string {
  return `${base(unitName, period)}.${ext}`;
}
