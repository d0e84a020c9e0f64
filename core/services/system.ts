import type { OutputOf, ParsedInputOf } from '../contract';
import type { ServiceContext } from '../context';

export function info(_input: ParsedInputOf<'system/info'>, ctx: ServiceContext): OutputOf<'system/info'> {
  return {
    appVersion: ctx.appVersion,
    dataDir: ctx.dataDir,
    schemaVersion: ctx.store.sqlite.pragma('user_version', { simple: true }) as number,
    host: ctx.host,
  };
}
