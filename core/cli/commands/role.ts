/**
 * `ducha role …`: whether this installation is an inspector's laptop or a bureau desk
 * (区局 for one district, 市局 for the whole city). The receiver's administrator grants the
 * same scope when approving the device.
 */
import { DISTRICTS } from '../../../forms/districts';
import { deviceRoleLabel, type DeviceRole } from '../../contract/role';
import { AppError } from '../../../lib/errors';
import { call, print, printJson, type CliContext } from '../context';

function roleOf(kind: string, district: string | undefined): DeviceRole {
  if (kind === 'inspector' && district === undefined) return { role: 'inspector' };
  if (kind === 'city' && district === undefined) return { role: 'city' };
  if (kind === 'district' && district !== undefined) {
    if (!(DISTRICTS as readonly string[]).includes(district)) {
      throw new AppError('VALIDATION', `「${district}」不是上海市的区或临港新片区。可选：${DISTRICTS.join('、')}。`);
    }
    return { role: 'district', district: district as (typeof DISTRICTS)[number] };
  }
  throw new AppError('VALIDATION', '用法：ducha role set inspector | district <区名> | city');
}

export function registerRole({ program, withApp }: CliContext): void {
  const role = program.command('role').description('本机角色：检查人员，或区局 / 市局审核端');

  role
    .command('show')
    .description('显示本机角色')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const r = await call(app, 'role/get', {});
        if (opts.json) return printJson(r);
        print(`本机角色：${deviceRoleLabel(r)}`);
      }),
    );

  role
    .command('set <role> [district]')
    .description('设置本机角色：inspector（检查人员）| district <区名>（区局审核端）| city（市局审核端）')
    .action((kind: string, district: string | undefined) =>
      withApp(async (app) => {
        const r = await call(app, 'role/set', roleOf(kind, district));
        print(`本机角色已设为：${deviceRoleLabel(r)}。${r.role === 'inspector' ? '' : '请联系市局管理员在接收端以相同范围批准本设备（ducha receiver devices approve）。'}`);
      }),
    );
}
