import type { AppInfo } from '../bindings/AppInfo';
import type { CurrencyInfo } from '../bindings/CurrencyInfo';
import type { StartInfo } from '../bindings/StartInfo';
import { call } from './invoke';

export const appInfo = () => call<AppInfo>('app_info');
/** First call of a window: starts the embedded simulator on first run, settles leftovers. */
export const startDesk = () => call<StartInfo>('start_desk');
export const currencies = () => call<CurrencyInfo[]>('currencies');
