// The jobs the dashboard knows, kept at their newest state whatever order REST answers and stream
// events arrive in.

/**
 * Whether `incoming` is newer than `current`. Stream events carry the row's `version`: the highest
 * wins. REST answers carry none; then the later `updatedAt` wins, and on a tie the one with more
 * directories done (progress never goes backwards).
 */
export function isNewer(incoming, current) {
  if (!current) {
    return true;
  }
  if (incoming.version != null && current.version != null) {
    return incoming.version > current.version;
  }
  const a = Date.parse(incoming.updatedAt);
  const b = Date.parse(current.updatedAt);
  if (a !== b) {
    return a > b;
  }
  return doneOf(incoming) >= doneOf(current) && incoming.attempt >= current.attempt;
}

function doneOf(job) {
  return job.progress ? job.progress.done : 0;
}

export class JobStore {
  constructor() {
    this.jobs = new Map();
  }

  /** Keeps the job if it is newer than what is known; returns whether it changed anything. */
  apply(job) {
    const current = this.jobs.get(job.id);
    if (!isNewer(job, current)) {
      return false;
    }
    this.jobs.set(job.id, { ...job, version: job.version ?? null });
    return true;
  }

  get(id) {
    return this.jobs.get(id);
  }

  clear() {
    this.jobs.clear();
  }

  /** The API's order: priority (1 first), then creation time. */
  matching(filter) {
    return [...this.jobs.values()]
      .filter((j) => (!filter.status || j.status === filter.status)
        && (!filter.customerId || j.customerId === filter.customerId))
      .sort((a, b) => a.priority - b.priority || Date.parse(a.createdAt) - Date.parse(b.createdAt)
        || a.id.localeCompare(b.id));
  }
}
