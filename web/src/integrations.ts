// Connect and disconnect: one card per connectable platform, laid out from integrations.platforms
// alone (so a connector this page has never heard of gets its button, or its form from its JSON
// Schema), the accounts connected on it with their sync status and progress.
import { api, errorMessage } from './api';
import { byId, fill, h } from './dom';
import * as fmt from './format';
import { notify } from './notices';
import type { Integration, JsonSchema, Platform } from './types';

// "api_key" → "Api key": a field's label when its schema gives no title.
const humanize = (key: string) => key.replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());

const CAPABILITIES: Record<string, string> = { ads: 'Ad spend', orders: 'Store orders', billing: 'Payments', webhooks: 'Live updates' };

export class Integrations {
  platforms: Platform[] = [];
  private accounts: Integration[] = [];
  private open: string | null = null;  // the platform whose form is showing
  private openForm: HTMLFormElement | null = null;  // kept across refreshes, with what was typed
  private timer: ReturnType<typeof setTimeout> | undefined;

  // `figuresChanged` gets an answer of integrations.list that changes the figures (a sync this
  // page watched has finished, or a store came or went) to show it together with them;
  // `changed` runs when an account was connected or disconnected here (the plan's usage changed).
  constructor(private readonly figuresChanged: (accounts: Integration[]) => void, private readonly changed: () => void) {}

  name = (id: string) => this.platforms.find((p) => p.id === id)?.name ?? id;

  // What a platform's connector gives ('ads', 'orders', ...); null when no loaded connector has it.
  capabilities = (id: string) => this.platforms.find((p) => p.id === id)?.capabilities ?? null;

  // Whether the accounts (those shown unless given) include a store: an account on a platform
  // whose connector gives orders.
  hasStore = (accounts = this.accounts) => {
    const stores = new Set(this.platforms.filter((p) => p.capabilities.includes('orders')).map((p) => p.id));
    return accounts.some((a) => stores.has(a.platform) && a.status !== 'disconnected');
  };

  async loadPlatforms() {
    this.platforms = await api.integrations.platforms.query();
  }

  // Shows an answer of integrations.list, the page's one view of the accounts, and asks again
  // after a while.
  show(accounts: Integration[]) {
    clearTimeout(this.timer);
    this.accounts = accounts;
    this.render();
    // Soon again while a sync runs, or an account just connected waits for its first one.
    const running = accounts.some((a) => a.sync);
    const waiting = accounts.some((a) => a.status === 'active' && !a.lastRun);
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), running ? 1500 : waiting ? 3000 : 15000);
  }

  // Asks for the accounts again. An answer that changes the figures goes to their refresh, which
  // shows it with them; any other shows here.
  async refresh() {
    clearTimeout(this.timer);
    const accounts = await api.integrations.list.query();
    const finished = this.accounts.some((a) => a.sync && !accounts.some((b) => b.id === a.id && b.sync));
    if (finished || this.hasStore(accounts) !== this.hasStore()) this.figuresChanged(accounts);
    else this.show(accounts);
  }

  stop() {
    clearTimeout(this.timer);
  }

  private render() {
    const known = new Set(this.platforms.map((p) => p.id));
    const orphans = this.accounts.filter((a) => !known.has(a.platform) && a.status !== 'disconnected');
    fill(byId('platforms'),
      this.platforms.map((p) => this.card(p)),
      orphans.length > 0 ? h('div', { class: 'platform card' },
        h('div', { class: 'platform-head' }, h('div', null, h('h3', null, 'Other accounts'),
          h('div', { class: 'sub' }, 'Their connectors are not loaded right now; their data still shows.'))),
        h('ul', { class: 'accounts' }, orphans.map((a) => this.account(a)))) : null);
  }

  private card(p: Platform) {
    const accounts = this.accounts.filter((a) => a.platform === p.id && a.status !== 'disconnected');
    const schema = p.connect.schema as JsonSchema | null;  // the connector's own JSON Schema
    const fields = Object.keys(schema?.properties ?? {});
    const caps = p.capabilities.map((c) => CAPABILITIES[c] ?? c);
    return h('div', { class: 'platform card', 'data-platform': p.id },
      h('div', { class: 'platform-head' },
        h('div', { class: 'logo', 'aria-hidden': 'true' }, p.name.slice(0, 1).toUpperCase()),
        h('div', { class: 'grow' }, h('h3', null, p.name), h('div', { class: 'sub' }, caps.join(' · '), ` · v${p.version}`)),
        h('button', {
          class: accounts.length > 0 ? 'ghost connect' : 'primary connect',
          onclick: () => (fields.length > 0 ? this.toggleForm(p.id) : void this.connect(p, {})),
        }, accounts.length > 0 ? 'Connect another' : 'Connect')),
      this.open === p.id && schema ? (this.openForm ??= this.form(p, schema)) : null,
      accounts.length > 0 ? h('ul', { class: 'accounts' }, accounts.map((a) => this.account(a))) : null);
  }

  private toggleForm(platform: string) {
    this.open = this.open === platform ? null : platform;
    this.openForm = null;
    this.render();
  }

  // A form from the connector's JSON Schema of string fields: titles, descriptions, enums as
  // choices, writeOnly fields as passwords, required ones required.
  private form(p: Platform, schema: JsonSchema) {
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties ?? {}).map(([key, f]) => {
      const id = `f-${p.id}-${key}`;
      const control = f.enum
        ? h('select', { id, name: key, required: required.has(key) },
          required.has(key) ? null : h('option', { value: '' }, '—'), f.enum.map((v) => h('option', { value: v }, v)))
        : h('input', {
          id, name: key, required: required.has(key), autocomplete: 'off',
          type: f.writeOnly ? 'password' : f.format === 'email' ? 'email' : f.format === 'uri' ? 'url' : 'text',
          pattern: f.pattern, minlength: f.minLength, maxlength: f.maxLength, value: f.default, placeholder: f.examples?.[0],
        });
      return h('label', { class: 'field' }, h('span', null, f.title ?? humanize(key)), control,
        f.description ? h('small', null, f.description) : null);
    });
    const form = h('form', { class: 'connect-form', 'data-platform': p.id },
      schema.description ? h('p', { class: 'sub' }, schema.description) : null,
      fields,
      h('div', { class: 'row' }, h('button', { class: 'primary', type: 'submit' }, `Connect ${p.name}`),
        h('button', { class: 'ghost', type: 'button', onclick: () => this.toggleForm(p.id) }, 'Cancel')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const params: Record<string, string> = {};
      for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v !== '') params[k] = v;
      void this.connect(p, params);
    });
    return form;
  }

  private async connect(p: Platform, params: Record<string, string>) {
    try {
      const answer = await api.integrations.connect.mutate({ platform: p.id, ...(Object.keys(params).length ? { params } : {}) });
      if (answer.method === 'oauth2') {
        window.location.assign(answer.authorizeUrl);  // the platform's consent page; it comes back to /
        return;
      }
      this.open = null;
      this.openForm = null;
      notify('success', `${p.name} is connected (${answer.integrations.map((i) => i.accountName).join(', ')}). Its data is syncing now.`);
      this.changed();
      await this.refresh();
    } catch (e) {
      notify('error', `${p.name}: ${errorMessage(e)}`);
    }
  }

  private account(a: Integration) {
    const label = a.needsReauth ? 'needs sign-in' : a.sync ? 'syncing' : a.status;
    return h('li', { class: 'account', 'data-integration': a.id },
      h('div', { class: 'grow' },
        h('div', { class: 'name' }, a.accountName || a.accountId,
          h('span', { class: `pill ${a.needsReauth ? 'needs_reauth' : a.sync ? 'syncing' : a.status}` }, label)),
        h('div', { class: 'sub' }, `Account ${a.accountId}`, a.currency ? ` · ${a.currency}` : ''),
        this.syncStatus(a)),
      h('div', { class: 'actions' },
        h('button', { class: 'ghost sync', disabled: Boolean(a.sync), onclick: () => void this.sync(a) }, 'Sync now'),
        h('button', { class: 'danger disconnect', onclick: () => void this.disconnect(a) }, 'Disconnect')));
  }

  private syncStatus(a: Integration) {
    if (a.sync) {
      const pct = a.sync.percent;
      return h('div', { class: 'sync-status running' },
        h('div', { class: `bar ${pct === null ? 'indeterminate' : ''}`, role: 'progressbar', 'aria-valuenow': pct === null ? null : Math.round(pct) },
          h('div', { style: pct === null ? null : `width:${Math.max(2, Math.min(100, pct))}%` })),
        h('span', null, a.sync.status === 'queued' ? 'Waiting to sync…'
          : `Syncing${pct === null ? '' : ` ${Math.round(pct)}%`} · ${fmt.count(a.sync.rowsRead)} rows read`));
    }
    const run = a.lastRun;
    if (!run) return h('div', { class: 'sync-status' }, 'Not synced yet');
    const when = fmt.moment(run.finishedAt);
    if (run.outcome === 'succeeded') {
      return h('div', { class: 'sync-status done' }, `Synced ${when} · ${fmt.count(run.rowsWritten)} rows in ${fmt.number(run.durationMs / 1000)} s`);
    }
    return h('div', { class: 'sync-status failed' }, `Last sync ${run.outcome} ${when}${run.error ? `: ${run.error}` : ''}`);
  }

  private async sync(a: Integration) {
    try {
      await api.integrations.sync.mutate({ integrationId: a.id });
      await this.refresh();
    } catch (e) {
      notify('error', `Sync of ${a.accountName || a.accountId}: ${errorMessage(e)}`);
    }
  }

  private async disconnect(a: Integration) {
    if (!window.confirm(`Disconnect ${a.accountName || a.accountId} (${this.name(a.platform)})? Its data stays on the dashboard.`)) return;
    try {
      await api.integrations.disconnect.mutate({ integrationId: a.id });
      notify('info', `${a.accountName || a.accountId} is disconnected.`);
      this.changed();
      await this.refresh();
    } catch (e) {
      notify('error', errorMessage(e));
    }
  }
}
