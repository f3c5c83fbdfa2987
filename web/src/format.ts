// Figures as a marketer reads them. One fixed locale, so the page reads the same everywhere (and
// the browser test can compute what it must show).
const LOCALE = 'en-US';

const moneyFormats = new Map<string, Intl.NumberFormat>();
// Micros (a decimal string of an integer) in `currency`: "$1,234.50".
export function money(micros: string | undefined, currency: string): string {
  let f = moneyFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
    moneyFormats.set(currency, f);
  }
  return f.format(Number(micros ?? '0') / 1e6);
}

// Whole currency units, for a chart's axis: "$14,000".
export const wholeMoney = (units: number, currency: string) =>
  new Intl.NumberFormat(LOCALE, { style: 'currency', currency, maximumFractionDigits: 0 }).format(units);

const whole = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
export const count = (n: number) => whole.format(n);
export const number = (n: number) => decimal.format(n);
// A store figure when no store is connected: there is none, which zero would misstate.
export const NO_STORE = 'No store';
export const ratio = (n: number | null) => (n === null ? '—' : `${decimal.format(n)}×`);
export const percent = (n: number | null) => (n === null ? '—' : `${decimal.format(n * 100)}%`);
// A price per unit (CPA, CPC): already in currency units.
export const unitMoney = (n: number | null, currency: string) => (n === null ? '—' : money(String(Math.round(n * 1e6)), currency));

export function signedPercent(n: number): string {
  const text = `${decimal.format(Math.abs(n) * 100)}%`;
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : text;
}

const dateFormat = new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
// "2026-03-01" → "Mar 1, 2026"
export const day = (iso: string) => dateFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));

const timeFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
export const moment = (iso: string) => timeFormat.format(new Date(iso));

// Today and `days - 1` days before it, as ISO dates in the browser's calendar.
export function lastDays(days: number): { start: string; end: string } {
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const end = new Date();
  const start = new Date(end);
  start.setDate(end.getDate() - (days - 1));
  return { start: iso(start), end: iso(end) };
}
