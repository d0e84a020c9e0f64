import { z } from 'zod';
import { INSPECTING_UNITS } from '../../forms/districts';
import { emptyInput, requiredText } from './common';
import { method } from './define';

/** The inspector working on this laptop: stamped on every change and signature. */
export const profileSchema = z.object({
  name: requiredText('姓名', 50),
  badgeNo: requiredText('执法证号', 40),
  unit: requiredText('所在单位', 100),
  /** 联系电话 printed as the 填表人's on the forms the unit files (附件4). */
  phone: z.string().trim().max(40, { error: '联系电话不能超过 40 个字' }).optional(),
  /**
   * The unit the inspector inspects for (市局 or a district's bureau): recorded on every
   * inspection and counted by 附件4. Profiles saved before it was asked have none; the app
   * then reads it from 所在单位 where that names one unit.
   */
  inspectingUnit: z.enum(INSPECTING_UNITS, { error: '请选择所属监管部门（市局或所在区局）' }).optional(),
});
export type Profile = z.infer<typeof profileSchema>;

export const profileContract = {
  'profile/get': method({
    summary: '本机检查人员信息（首次使用时设置）',
    input: emptyInput,
    output: profileSchema.nullable(),
  }),
  'profile/save': method({
    summary: '设置本机检查人员信息',
    input: profileSchema,
    output: profileSchema,
  }),
} as const;
