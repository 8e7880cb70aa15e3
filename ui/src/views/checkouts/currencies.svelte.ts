/** The desk's currency list (code, name, exponent), fetched once per window. */
import { currencies as fetchCurrencies } from '../../lib/api/app';
import type { CurrencyInfo } from '../../lib/bindings/CurrencyInfo';

class Currencies {
  list = $state<CurrencyInfo[]>([]);
  private pending: Promise<CurrencyInfo[]> | null = null;

  load(): Promise<CurrencyInfo[]> {
    if (this.list.length > 0) return Promise.resolve(this.list);
    if (!this.pending) {
      this.pending = fetchCurrencies().then(
        (list) => {
          this.list = list;
          return list;
        },
        (err: unknown) => {
          // Let the next caller try again.
          this.pending = null;
          throw err;
        },
      );
    }
    return this.pending;
  }

  /** Forgets the list (tests). */
  reset() {
    this.list = [];
    this.pending = null;
  }
}

export const currencyList = new Currencies();
