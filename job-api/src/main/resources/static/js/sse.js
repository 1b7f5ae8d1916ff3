// Server-Sent Events over fetch(): EventSource cannot send the X-Api-Key header, so the stream is read
// with a ReadableStream reader and parsed here (the text/event-stream format of the HTML standard).
import { storedKey } from './api.js';

const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 15000;
// Servers send keep-alive comments; a stream silent for this long is taken as dead and reopened.
const IDLE_TIMEOUT_MS = 60000;

/**
 * Splits an event stream into events. Feed it decoded text with push(); it calls onEvent({id, event,
 * data}) for every complete event. `id` is the last event id seen so far (it carries over, as in the
 * standard); comments (lines starting with ':') are keep-alives and ignored.
 */
export class EventStreamParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.lastId = null;
    this.reset();
  }

  reset() {
    this.type = '';
    this.data = [];
  }

  push(text) {
    let pending = this.buffer + text;
    // A '\r' at the very end may be the first half of '\r\n': keep it for the next chunk.
    let tail = '';
    if (pending.endsWith('\r')) {
      tail = '\r';
      pending = pending.slice(0, -1);
    }
    const lines = pending.split(/\r\n|\r|\n/);
    // The last piece has no line end yet.
    this.buffer = lines.pop() + tail;
    for (const line of lines) {
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      this.type = value;
    } else if (field === 'data') {
      this.data.push(value);
    } else if (field === 'id' && !value.includes('\0')) {
      this.lastId = value;
    }
  }

  dispatch() {
    if (this.data.length > 0 || this.type) {
      this.onEvent({ id: this.lastId, event: this.type || 'message', data: this.data.join('\n') });
    }
    this.reset();
  }
}

/**
 * One authenticated event stream that reconnects with backoff and resumes with Last-Event-ID.
 * Callbacks: onEvent({id, event, data}), onState('connecting' | 'live' | 'reconnecting' | 'denied', detail).
 */
export class LiveStream {
  constructor(path, { onEvent, onState }) {
    this.path = path;
    this.onEvent = onEvent;
    this.onState = onState;
    this.lastId = null;
    this.backoff = INITIAL_BACKOFF_MS;
    this.stopped = true;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.idleTimer);
    if (this.controller) {
      this.controller.abort();
    }
  }

  async connect() {
    if (this.stopped) {
      return;
    }
    this.onState(this.lastId === null ? 'connecting' : 'reconnecting');
    const controller = new AbortController();
    this.controller = controller;
    const headers = { Accept: 'text/event-stream', 'X-Api-Key': storedKey() || '' };
    if (this.lastId !== null) {
      headers['Last-Event-ID'] = this.lastId;
    }
    let reason;
    try {
      const response = await fetch(this.path, { headers, cache: 'no-store', signal: controller.signal });
      if (response.status === 401 || response.status === 403) {
        this.onState('denied', `HTTP ${response.status}`);
        if (response.status === 401) {
          this.stopped = true;
          return;
        }
        reason = `HTTP ${response.status}`;
      } else if (!response.ok || !response.body) {
        reason = `HTTP ${response.status}`;
      } else {
        reason = await this.read(response.body, controller);
      }
    } catch (e) {
      reason = e.name === 'AbortError' ? 'no data for a while' : e.message;
    }
    clearTimeout(this.idleTimer);
    if (this.stopped) {
      return;
    }
    this.onState('reconnecting', reason);
    this.retryTimer = setTimeout(() => this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  async read(body, controller) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new EventStreamParser((message) => {
      if (message.id !== null) {
        this.lastId = message.id;
      }
      if (message.event === 'ready') {
        this.backoff = INITIAL_BACKOFF_MS;
        this.onState('live');
      }
      this.onEvent(message);
    });
    parser.lastId = this.lastId;
    const armIdle = () => {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => controller.abort(), IDLE_TIMEOUT_MS);
    };
    armIdle();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return 'the server closed the stream';
      }
      armIdle();
      parser.push(decoder.decode(value, { stream: true }));
    }
  }
}
