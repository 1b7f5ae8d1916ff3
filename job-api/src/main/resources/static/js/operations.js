// The operations view (#/operations, staff and admin): GET /api/operations every few seconds while shown.
// The chart is an SVG drawn here; nothing is loaded from outside job-api.
import { api } from './api.js';
import { dateTime, duration, el, percentText } from './format.js';

const REFRESH_MS = 5000;
const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

/** An SVG element; attributes are set as attributes (never style), text only as textContent. */
function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') {
      node.textContent = value;
    } else {
      node.setAttribute(name, String(value));
    }
  }
  children.filter(Boolean).forEach((child) => node.append(child));
  return node;
}

/** A round upper bound for the y axis: 1, 2, 5 × 10^n. */
function niceCeiling(value) {
  if (value <= 0) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((bound) => bound >= value);
}

function minuteLabel(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Stacked bars per minute: submitted below, failed above. */
export function submissionsChart(minutes) {
  const width = 960;
  const height = 220;
  const left = 44;
  const bottom = 26;
  const top = 12;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const peak = Math.max(0, ...minutes.map((m) => m.submitted + m.failed));
  const ceiling = niceCeiling(peak);
  const total = minutes.reduce((sum, m) => sum + m.submitted + m.failed, 0);
  const slot = plotWidth / Math.max(minutes.length, 1);
  const y = (count) => top + plotHeight - (plotHeight * count) / ceiling;
  const chart = svg('svg', {
    id: 'ops-chart-svg',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${total} submissions in the last hour, at most ${peak} in a minute`,
    'data-total': total,
    'data-peak': peak,
  });
  [0, 0.5, 1].forEach((share) => {
    const value = ceiling * share;
    chart.append(
      svg('line', { class: 'grid', x1: left, x2: width - 8, y1: y(value), y2: y(value) }),
      svg('text', { class: 'axis', x: left - 6, y: y(value) + 4, 'text-anchor': 'end', text: String(value) }),
    );
  });
  minutes.forEach((m, i) => {
    const x = left + i * slot + 1;
    const barWidth = Math.max(slot - 2, 1);
    const group = svg('g', { class: 'bar', 'data-minute': m.minute },
      svg('title', { text: `${minuteLabel(m.minute)}: ${m.submitted} submitted, ${m.failed} failed` }));
    if (m.submitted > 0) {
      group.append(svg('rect', {
        class: 'submitted', x, width: barWidth, y: y(m.submitted), height: y(0) - y(m.submitted),
      }));
    }
    if (m.failed > 0) {
      group.append(svg('rect', {
        class: 'failed', x, width: barWidth, y: y(m.submitted + m.failed), height: y(m.submitted) - y(m.submitted + m.failed),
      }));
    }
    chart.append(group);
    const last = i === minutes.length - 1;
    if (i % 10 === 0 || last) {
      chart.append(svg('text', {
        class: 'axis',
        x: last ? x + barWidth : x + barWidth / 2,
        y: height - 8,
        'text-anchor': last ? 'end' : 'middle',
        text: last ? 'now' : minuteLabel(m.minute),
      }));
    }
  });
  const legend = el('div', { class: 'ops-legend' },
    el('span', { class: 'count submitted', text: 'submitted' }),
    el('span', { class: 'count failed', text: 'failed' }),
    el('span', { class: 'muted', text: `${total} in the hour · peak ${peak}/min` }));
  return el('div', {}, chart, legend);
}

function rateCell(rate) {
  const tone = rate >= 0.9 ? 'good' : rate >= 0.6 ? 'fair' : 'poor';
  return el('div', { class: `rate ${tone}` },
    el('span', { class: 'rate-track' }, el('span', { class: 'rate-fill', style: { width: `${rate * 100}%` } })),
    el('span', { class: 'rate-text', text: percentText(rate) }));
}

export class OperationsView {
  constructor({ onError }) {
    this.onError = onError;
    this.timer = null;
    this.shown = false;
  }

  show() {
    if (this.shown) {
      return;
    }
    this.shown = true;
    this.refresh();
  }

  hide() {
    this.shown = false;
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** One request at a time: the next is scheduled when this one has answered. */
  async refresh() {
    clearTimeout(this.timer);
    try {
      const view = await api('/api/operations');
      if (this.shown) {
        this.render(view);
      }
    } catch (e) {
      this.onError(e);
      if (e.status === 403) {
        this.hide(); // a viewer's key: asking again would only be refused again
      }
    } finally {
      if (this.shown) {
        this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
      }
    }
  }

  render(view) {
    $('ops-updated').textContent = `updated ${new Date(view.generatedAt).toLocaleTimeString()} · every ${REFRESH_MS / 1000} s`;
    $('ops-chart').replaceChildren(submissionsChart(view.submissionsPerMinute));
    this.renderDirectories(view.directories);
    this.renderBreakers(view.breakers);
    this.renderKafka(view.kafka);
  }

  renderDirectories(directories) {
    $('ops-directories-note').textContent = `top ${directories.top} by tasks finished; latency = first try to outcome`;
    $('ops-directories').tBodies[0].replaceChildren(...directories.items.map((d) => el('tr', { 'data-directory-id': d.directoryId },
      el('td', {}, el('span', { text: d.name }), el('span', { class: 'ops-id', text: d.directoryId })),
      el('td', { class: 'num', text: String(d.finished) }),
      el('td', { class: 'num', text: String(d.failed) }),
      el('td', { class: 'rate-col' }, rateCell(d.successRate)),
      el('td', { class: 'num', text: duration(d.latencyP50Ms) }),
      el('td', { class: 'num', text: duration(d.latencyP95Ms) }))));
    $('ops-directories-empty').hidden = directories.items.length > 0;
  }

  renderBreakers(breakers) {
    const skipped = breakers.recordsSkipped ? ` · ${breakers.recordsSkipped} unreadable records skipped` : '';
    $('ops-breakers-note').textContent = breakers.following
      ? `from ${breakers.topic}${skipped}`
      : `not following ${breakers.topic}: ${breakers.problem || 'starting'}`;
    $('ops-breakers-note').title = breakers.lastSkipReason || '';
    $('ops-breakers').tBodies[0].replaceChildren(...breakers.notClosed.map((b) => el('tr', { 'data-directory-id': b.directoryId, 'data-state': b.state },
      el('td', {}, el('div', { class: 'mono', text: b.directoryId }), el('div', { class: 'sub', text: b.workerId })),
      el('td', {}, el('span', { class: `badge breaker-${b.state}`, text: b.state.replace('_', '-') }),
        el('div', { class: 'sub mono', text: b.reasonCode })),
      el('td', { class: 'nowrap', title: dateTime(b.since), text: new Date(b.since).toLocaleTimeString() }))));
    $('ops-breakers-empty').hidden = breakers.notClosed.length > 0;
  }

  renderKafka(kafka) {
    $('ops-kafka-note').textContent = kafka.fetchedAt ? `Kafka asked at ${new Date(kafka.fetchedAt).toLocaleTimeString()}` : '';
    $('ops-kafka-problem').hidden = kafka.available;
    $('ops-kafka-problem').textContent = kafka.available ? '' : `Kafka figures unavailable: ${kafka.problem}`;
    $('ops-lag').tBodies[0].replaceChildren(...kafka.consumerGroups.map((g) => el('tr', { 'data-group': g.group },
      el('td', {}, el('div', { class: 'mono', text: g.group }),
        ...(g.hasOffsets
          ? Object.entries(g.lagByTopic).map(([topic, lag]) => el('div', { class: 'sub', text: `${topic}: ${lag}` }))
          : [el('div', { class: 'sub', text: 'no committed offsets' })])),
      el('td', { class: 'num' }, el('div', { text: g.hasOffsets ? String(g.lag) : '—' }),
        g.hasOffsets ? el('div', { class: 'sub', text: `${g.partitions} partitions` }) : null))));
    $('ops-dlt').tBodies[0].replaceChildren(...kafka.deadLetters.map((d) => el('tr', { 'data-topic': d.topic, class: d.records > 0 ? 'has-records' : '' },
      el('td', { class: 'mono', text: d.topic }),
      el('td', { class: 'num', text: String(d.records) }))));
    $('ops-dlt-empty').hidden = !kafka.available || kafka.deadLetters.length > 0;
  }
}
