// The campaigns table: sorted by any column header, paged with the host's keyset cursors (a stack
// of them, so Previous goes back exactly).
import { api } from './api';
import { byId, fill, h } from './dom';
import * as fmt from './format';
import type { Range, SortBy } from './types';

const PAGE = 10;

type Column = { sort: SortBy; label: string; num?: boolean };
const COLUMNS: Column[] = [
  { sort: 'name', label: 'Campaign' },
  { sort: 'spend', label: 'Spend', num: true },
  { sort: 'platformRevenue', label: 'Revenue', num: true },
  { sort: 'roas', label: 'ROAS', num: true },
  { sort: 'conversions', label: 'Conversions', num: true },
  { sort: 'cpa', label: 'CPA', num: true },
  { sort: 'clicks', label: 'Clicks', num: true },
  { sort: 'ctr', label: 'CTR', num: true },
  // The store's orders attributed to the campaign, beside the platform's own claims.
  { sort: 'attributedOrders', label: 'Attr. orders', num: true },
  { sort: 'attributedRevenue', label: 'Attr. revenue', num: true },
  { sort: 'attributedRoas', label: 'Attr. ROAS', num: true },
];

export class CampaignTable {
  private sortBy: SortBy = 'spend';
  private sortDir: 'asc' | 'desc' = 'desc';
  private cursors: (string | undefined)[] = [undefined];  // the cursor of each page shown so far
  private search = '';
  private range: Range | null = null;
  private currency: string | null = null;  // the overview's: money of one currency per table
  private store = true;  // whether the store's figures are there (a store connected)

  constructor(private readonly platformName: (id: string) => string) {
    let typing: ReturnType<typeof setTimeout> | undefined;
    byId<HTMLInputElement>('campaign-search').addEventListener('input', (e) => {
      clearTimeout(typing);
      typing = setTimeout(() => {
        this.search = (e.target as HTMLInputElement).value.trim();
        this.cursors = [undefined];
        void this.render();
      }, 250);
    });
  }

  show(range: Range, currency: string | null, store: boolean) {
    this.range = range;
    this.currency = currency;
    this.store = store;
    this.cursors = [undefined];
    return this.render();
  }

  private storeFigure(shown: string) {
    return this.store ? shown : h('span', { class: 'muted' }, fmt.NO_STORE);
  }

  private sort(by: SortBy) {
    if (this.sortBy === by) this.sortDir = this.sortDir === 'desc' ? 'asc' : 'desc';
    else [this.sortBy, this.sortDir] = [by, by === 'name' || by === 'cpa' ? 'asc' : 'desc'];
    this.cursors = [undefined];
    void this.render();
  }

  private page(step: 1 | -1, next: string | null) {
    if (step === 1 && next) this.cursors.push(next);
    if (step === -1 && this.cursors.length > 1) this.cursors.pop();
    void this.render();
  }

  private async render() {
    if (!this.range) return;
    const cursor = this.cursors[this.cursors.length - 1];
    const page = await api.dashboard.campaigns.query({
      ...this.range, sortBy: this.sortBy, sortDir: this.sortDir, limit: PAGE,
      ...(cursor ? { cursor } : {}), ...(this.search ? { search: this.search } : {}),
      ...(this.currency ? { currency: this.currency } : {}),
    });
    const arrow = this.sortDir === 'desc' ? ' ↓' : ' ↑';
    fill(byId('campaigns-table'),
      h('thead', null, h('tr', null, COLUMNS.map((c) => h('th', {
        class: `${c.num ? 'num' : ''} sortable ${c.sort === this.sortBy ? 'sorted' : ''}`,
        'data-sort': c.sort, 'aria-sort': c.sort === this.sortBy ? (this.sortDir === 'desc' ? 'descending' : 'ascending') : null,
      }, h('button', { onclick: () => this.sort(c.sort) }, c.label, c.sort === this.sortBy ? arrow : ''))))),
      h('tbody', null, page.items.length === 0
        ? h('tr', null, h('td', { colspan: COLUMNS.length, class: 'empty' }, this.search ? 'No campaign matches.' : 'No campaigns in this period.'))
        : page.items.map((c) => h('tr', { 'data-campaign': c.id },
          h('td', null, h('div', { class: 'name' }, c.name),
            h('div', { class: 'sub' }, h('span', { class: `pill ${c.status.toLowerCase()}` }, c.status.toLowerCase()), ' ', this.platformName(c.platform))),
          h('td', { class: 'num' }, fmt.money(c.spendMicros, c.currency)),
          h('td', { class: 'num' }, fmt.money(c.platformRevenueMicros, c.currency)),
          h('td', { class: 'num' }, fmt.ratio(c.roas)),
          h('td', { class: 'num' }, fmt.number(c.conversions)),
          h('td', { class: 'num' }, fmt.unitMoney(c.cpa, c.currency)),
          h('td', { class: 'num' }, fmt.count(c.clicks)),
          h('td', { class: 'num' }, fmt.percent(c.ctr)),
          // Without a store there are no orders to attribute: not there, rather than zero.
          h('td', { class: 'num', 'data-field': 'attributedOrders' }, this.storeFigure(fmt.count(c.attributedOrders))),
          h('td', { class: 'num', 'data-field': 'attributedRevenue' }, this.storeFigure(fmt.money(c.attributedRevenueMicros, c.currency))),
          h('td', { class: 'num', 'data-field': 'attributedRoas' }, this.storeFigure(fmt.ratio(c.attributedRoas)))))));
    const first = (this.cursors.length - 1) * PAGE;
    fill(byId('campaigns-pager'),
      h('span', { id: 'campaigns-range' }, page.total === 0 ? '' : `${first + 1}–${first + page.items.length} of ${fmt.count(page.total)}`),
      h('button', { class: 'ghost', disabled: this.cursors.length === 1, onclick: () => this.page(-1, null) }, '‹ Previous'),
      h('button', { class: 'ghost', disabled: !page.nextCursor, onclick: () => this.page(1, page.nextCursor) }, 'Next ›'));
  }
}
