// Reports: generate one for the period on screen, watch it get written, download its PDF.
import { api, errorMessage } from './api';
import { byId, fill, h } from './dom';
import * as fmt from './format';
import { notify } from './notices';
import type { Range, Report } from './types';

export class Reports {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly range: () => Range, private readonly generated: () => void) {
    const form = byId<HTMLFormElement>('report-form');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.generate(form);
    });
  }

  // Lists the newest reports; while one is being written, again every second.
  async refresh() {
    clearTimeout(this.timer);
    const { items } = await api.reports.list.query({ limit: 10 });
    fill(byId('reports-list'), items.length === 0
      ? h('li', { class: 'empty' }, 'No reports yet. Pick a period above and generate one.')
      : items.map((r) => this.row(r)));
    if (items.some((r) => r.status === 'queued' || r.status === 'running')) {
      this.timer = setTimeout(() => void this.refresh().catch(() => undefined), 1000);
    }
  }

  stop() {
    clearTimeout(this.timer);
  }

  private row(r: Report) {
    return h('li', { class: 'report', 'data-report': r.id },
      h('div', { class: 'grow' },
        h('div', { class: 'name' }, r.name, h('span', { class: `pill ${r.status}` }, r.status === 'running' ? 'writing…' : r.status)),
        h('div', { class: 'sub' }, `${fmt.day(r.start)} – ${fmt.day(r.end)} · created ${fmt.moment(r.createdAt)}`),
        r.insights && r.insights.length > 0
          ? h('ul', { class: 'insights' }, r.insights.slice(0, 3).map((i) => h('li', null, i.text))) : null),
      r.hasPdf ? h('button', { class: 'ghost download', onclick: () => void this.download(r) }, '⤓ Download PDF') : null);
  }

  private async generate(form: HTMLFormElement) {
    const input = form.elements.namedItem('name') as HTMLInputElement;
    const { start, end } = this.range();
    const name = input.value.trim() || `ROI report ${fmt.day(start)} – ${fmt.day(end)}`;
    try {
      await api.reports.generate.mutate({ name, start, end });
      input.value = '';
      this.generated();
      await this.refresh();
    } catch (e) {
      notify('error', `The report could not be generated: ${errorMessage(e)}`);
    }
  }

  // A short-lived signed link; the host answers it as an attachment, so the page stays.
  private async download(r: Report) {
    try {
      const { url } = await api.reports.getPdf.query({ id: r.id });
      window.location.assign(url);
    } catch (e) {
      notify('error', errorMessage(e));
    }
  }
}
