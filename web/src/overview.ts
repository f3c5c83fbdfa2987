// The overview: key figures of the period against the previous one, per platform, and the trends
// chart.
import {
  CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';

import { api } from './api';
import { byId, fill, h } from './dom';
import * as fmt from './format';
import type { Metrics, MetricName, Overview, Range } from './types';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler);

// `store`: a figure of the store's orders, which without a store connected is not there at all
// (zero would read as a fact).
type Kpi = {
  metric: MetricName; label: string; show: (m: Metrics, currency: string) => string; lowerIsBetter?: boolean; store?: boolean;
};

const KPIS: Kpi[] = [
  { metric: 'spend', label: 'Ad spend', show: (m, c) => fmt.money(m.spendMicros, c) },
  { metric: 'platformRevenue', label: 'Ad revenue', show: (m, c) => fmt.money(m.platformRevenueMicros, c) },
  { metric: 'roas', label: 'ROAS', show: (m) => fmt.ratio(m.roas) },
  { metric: 'storeRevenue', label: 'Store revenue', show: (m, c) => fmt.money(m.storeRevenueMicros, c), store: true },
  { metric: 'blendedRoas', label: 'Blended ROAS', show: (m) => fmt.ratio(m.blendedRoas), store: true },
  { metric: 'conversions', label: 'Conversions', show: (m) => fmt.number(m.conversions) },
  { metric: 'cpa', label: 'Cost per conversion', show: (m, c) => fmt.unitMoney(m.cpa, c), lowerIsBetter: true },
  { metric: 'clicks', label: 'Clicks', show: (m) => fmt.count(m.clicks) },
  { metric: 'ctr', label: 'Click-through rate', show: (m) => fmt.percent(m.ctr) },
  { metric: 'cpc', label: 'Cost per click', show: (m, c) => fmt.unitMoney(m.cpc, c), lowerIsBetter: true },
  // What the store's own orders say, beside the platforms' claims above.
  { metric: 'attributedRevenue', label: 'Attributed revenue', show: (m, c) => fmt.money(m.attributedRevenueMicros, c), store: true },
  { metric: 'attributedRoas', label: 'Attributed ROAS', show: (m) => fmt.ratio(m.attributedRoas), store: true },
  { metric: 'attributedOrders', label: 'Attributed orders', show: (m) => fmt.count(m.attributedOrders), store: true },
  { metric: 'unexplainedRevenue', label: 'Store revenue no campaign explains', show: (m, c) => fmt.money(m.unexplainedRevenueMicros, c), store: true },
];

// The currencies of a period, the one spent most in first.
function currenciesOf(o: Overview): string[] {
  return [...o.totals].sort((a, b) => Number(BigInt(b.spendMicros) - BigInt(a.spendMicros)) || a.currency.localeCompare(b.currency))
    .map((t) => t.currency);
}

// Renders the overview answer `o` in `currency` (or the one spent most in). `connected` says
// whether the user has a store connected; `capabilities` what a platform gives. Returns the
// currency shown and whether the store's figures are there.
export function renderOverview(o: Overview, currency: string | null, platformName: (id: string) => string,
  capabilities: (id: string) => readonly string[] | null, pickCurrency: (c: string) => void,
  connected: boolean): { currency: string | null; store: boolean } {
  // A store whose connector is not loaded now still has its figures.
  const store = connected || o.totals.some((t) => t.storeRevenueMicros !== '0');
  const currencies = currenciesOf(o);
  const cur = currency && currencies.includes(currency) ? currency : currencies[0];
  const picker = byId('currency');
  fill(picker, currencies.length > 1
    ? currencies.map((c) => h('button', { class: c === cur ? 'on' : '', onclick: () => pickCurrency(c) }, c))
    : null);
  const kpis = byId('kpis');
  const comparison = byId('comparison');
  if (!cur) {
    fill(kpis, h('p', { class: 'empty' }, 'No figures in this period yet. Connect an ad account below; its data shows here once it has synced.'));
    fill(comparison);
    fill(byId('by-platform'));
    return { currency: null, store };
  }
  const now = o.totals.find((t) => t.currency === cur)!;
  const before = o.previous?.totals.find((t) => t.currency === cur);
  const change = o.change?.find((c) => c.currency === cur);
  fill(comparison, o.previous ? `Compared with ${fmt.day(o.previous.start)} – ${fmt.day(o.previous.end)}` : null);
  fill(kpis, KPIS.map((k) => {
    if (k.store && !store) {
      return h('div', { class: 'kpi', 'data-metric': k.metric }, h('div', { class: 'label' }, k.label),
        h('div', { class: 'value none' }, fmt.NO_STORE), h('div', { class: 'delta' }, h('span', { class: 'muted' }, 'connect a store to see it')));
    }
    const delta = change?.[k.metric] ?? null;
    const good = delta === null || delta === 0 ? '' : (delta > 0) !== Boolean(k.lowerIsBetter) ? 'good' : 'bad';
    return h('div', { class: 'kpi', 'data-metric': k.metric },
      h('div', { class: 'label' }, k.label),
      h('div', { class: 'value' }, k.show(now, cur)),
      h('div', { class: `delta ${good}` },
        delta === null ? h('span', { class: 'muted' }, 'no comparison') : `${delta > 0 ? '▲' : delta < 0 ? '▼' : '■'} ${fmt.signedPercent(delta)}`,
        before ? h('span', { class: 'muted' }, ` · was ${k.show(before, cur)}`) : null));
  }));
  const rows = o.platforms.filter((p) => p.currency === cur);
  // Per platform: its own claims, then what the store's orders attribute to it; a store's row
  // has its revenue and the part of it no campaign explains. A column that does not apply to a
  // platform (an ad platform's store revenue, a store's spend) shows a dash, not a zero; a
  // platform no loaded connector describes shows every column.
  const storeMoney = (micros: string) => (store ? fmt.money(micros, cur) : fmt.NO_STORE);
  const dash = () => h('span', { class: 'muted' }, '—');
  fill(byId('by-platform'), rows.length === 0 ? null : h('table', { class: 'compact' },
    h('thead', null, h('tr', null, h('th', null, 'Platform'), h('th', { class: 'num' }, 'Spend'),
      h('th', { class: 'num' }, 'Ad revenue'), h('th', { class: 'num' }, 'ROAS'),
      h('th', { class: 'num' }, 'Attributed revenue'), h('th', { class: 'num' }, 'Attributed ROAS'),
      h('th', { class: 'num' }, 'Store revenue'), h('th', { class: 'num' }, 'No campaign explains'))),
    h('tbody', null, rows.map((p) => {
      const caps = capabilities(p.platform);
      const ads = !caps || caps.includes('ads');
      const sells = !caps || caps.includes('orders');
      return h('tr', { 'data-platform': p.platform },
        h('td', null, platformName(p.platform)),
        h('td', { class: 'num', 'data-field': 'spend' }, ads ? fmt.money(p.spendMicros, cur) : dash()),
        h('td', { class: 'num' }, ads ? fmt.money(p.platformRevenueMicros, cur) : dash()),
        h('td', { class: 'num' }, ads ? fmt.ratio(p.roas) : dash()),
        h('td', { class: 'num', 'data-field': 'attributedRevenue' }, ads ? storeMoney(p.attributedRevenueMicros) : dash()),
        h('td', { class: 'num', 'data-field': 'attributedRoas' }, !ads ? dash() : store ? fmt.ratio(p.attributedRoas) : fmt.NO_STORE),
        h('td', { class: 'num', 'data-field': 'storeRevenue' }, sells ? storeMoney(p.storeRevenueMicros) : dash()),
        h('td', { class: 'num', 'data-field': 'unexplainedRevenue' }, sells ? storeMoney(p.unexplainedRevenueMicros) : dash()));
    }))));
  return { currency: cur, store };
}

let chart: Chart | null = null;
let chartCurrency = 'USD';
const chartMoney = (v: number | string) => fmt.money(String(Math.round(Number(v) * 1e6)), chartCurrency);
const axisMoney = (v: number | string) => fmt.wholeMoney(Number(v), chartCurrency);

export async function renderTrends(range: Range, granularity: 'day' | 'week' | 'month', currency: string | null) {
  const t = await api.dashboard.trends.query({
    ...range, granularity, metrics: ['spend', 'platformRevenue', 'storeRevenue', 'attributedRevenue'],
  });
  const series = t.series.find((s) => s.currency === currency) ?? t.series[0];
  const points = series?.points ?? [];
  const unit = (v: string | undefined) => Number(v ?? '0') / 1e6;
  const line = (label: string, color: string, data: number[], fill = false) => ({
    label, data, borderColor: color, backgroundColor: `${color}22`, fill, tension: 0.3, pointRadius: 0, borderWidth: 2,
  });
  const data = {
    labels: points.map((p) => fmt.day(p.date)),
    datasets: [
      line('Ad spend', '#6366f1', points.map((p) => unit(p.spendMicros)), true),
      line('Ad revenue', '#0d9488', points.map((p) => unit(p.platformRevenueMicros))),
      line('Store revenue', '#f59e0b', points.map((p) => unit(p.storeRevenueMicros))),
      line('Attributed revenue', '#db2777', points.map((p) => unit(p.attributedRevenueMicros))),
    ],
  };
  chartCurrency = series?.currency ?? chartCurrency;
  if (chart) {
    chart.data = data;
    chart.update();
    return;
  }
  chart = new Chart(byId<HTMLCanvasElement>('trends-chart'), {
    type: 'line',
    data,
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8 } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${chartMoney(c.parsed.y ?? 0)}` } },
      },
      scales: {
        x: { grid: { display: false }, ticks: { maxTicksLimit: 8 } },
        y: { beginAtZero: true, ticks: { callback: axisMoney }, grid: { color: '#eef0f5' } },
      },
    },
  });
}
