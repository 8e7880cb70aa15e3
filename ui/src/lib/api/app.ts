import type { AppInfo } from '../bindings/AppInfo';
import { call } from './invoke';

export const appInfo = (): Promise<AppInfo> => call<AppInfo>('app_info');
