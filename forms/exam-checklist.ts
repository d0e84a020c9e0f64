/**
 * 考试机构 inspections are not scored on 附件3. Section 一(四) of the notice names
 * what the supervision of examination institutions focuses on: "重点对考评人员管理、
 * 考场纪律、试题保密等相关规章制度建立和贯彻执行情况进行监督抽查". Each focus is one
 * check item; its requirement sentence is built from that clause and the
 * paragraph's own wording (严格资料审查，严格考培分离，落实回避和保密要求，规范考试程序，
 * 严肃考试纪律), so every phrase can be found in the notice.
 */
export const EXAM_RESULTS = ['符合', '不符合', '不适用'] as const;
export type ExamResult = (typeof EXAM_RESULTS)[number];

export interface ExamCheckItem {
  no: number;
  title: string;
  /** Phrases of the notice this item checks. */
  requirements: readonly string[];
}

export const EXAM_CHECKLIST_TITLE = '特种设备检验检测人员考试机构监督抽查记录';
export const EXAM_CHECKLIST_SOURCE = '沪市监特种〔2024〕317号 一、(四) 加强检验检测人员考试管理';

export const EXAM_CHECK_ITEMS: readonly ExamCheckItem[] = Object.freeze([
  { no: 1, title: '考评人员管理', requirements: ['相关规章制度建立和贯彻执行情况', '严格考培分离', '落实回避和保密要求'] },
  { no: 2, title: '考场纪律', requirements: ['相关规章制度建立和贯彻执行情况', '规范考试程序', '严肃考试纪律', '严格资料审查'] },
  { no: 3, title: '试题保密', requirements: ['相关规章制度建立和贯彻执行情况', '加强考试命题和考试全过程管理', '落实回避和保密要求'] },
]);
