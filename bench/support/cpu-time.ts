import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time spent by the processes a benchmark phase involves (the service and its
 * workers, PostgreSQL's processes, the load generator), read from /proc: on a machine
 * where they all share the cores, it says which of them the cores were busy with.
 * Linux only; elsewhere the readings are null.
 */
export interface CpuReading {
  service: number;
  postgres: number;
  loadGenerator: number;
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime: 100 on Linux (USER_HZ). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  parent: number;
  name: string;
  seconds: number;
  /** CPU time of its children that have exited (and been waited for). */
  exitedChildrenSeconds: number;
}

function readStat(pid: string): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid … utime stime …": comm may hold spaces and parentheses.
    const close = text.lastIndexOf(')');
    const name = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    return {
      pid: Number(pid),
      parent: Number(fields[1]),
      name,
      seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      exitedChildrenSeconds: (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND,
    };
  } catch {
    return null; // exited between the listing and the read
  }
}

export function cpuReading(servicePid: number | undefined): CpuReading | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const stats = entries.map(readStat).filter((stat): stat is ProcStat => stat !== null);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.parent, [...(children.get(stat.parent) ?? []), stat]);
  const treeSeconds = (pid: number): number => (stats.find((stat) => stat.pid === pid)?.seconds ?? 0) + (children.get(pid) ?? []).reduce((sum, child) => sum + treeSeconds(child.pid), 0);
  const own = process.cpuUsage();
  return {
    service: servicePid === undefined ? 0 : treeSeconds(servicePid),
    postgres: postgresSeconds(stats),
    loadGenerator: (own.user + own.system) / 1e6,
  };
}

/**
 * PostgreSQL's processes, and the backends that have exited since it started (a pool
 * closes idle connections): the postmaster has waited for those, so their time is in
 * its children's total.
 */
function postgresSeconds(stats: ProcStat[]): number {
  const postgres = stats.filter((stat) => stat.name === 'postgres');
  const pids = new Set(postgres.map((stat) => stat.pid));
  const exited = postgres.filter((stat) => !pids.has(stat.parent)).reduce((sum, postmaster) => sum + postmaster.exitedChildrenSeconds, 0);
  return postgres.reduce((sum, stat) => sum + stat.seconds, exited);
}

/** CPU milliseconds per request of each part between two readings. */
export function cpuPerRequest(before: CpuReading | null, after: CpuReading | null, requests: number) {
  if (!before || !after || requests === 0) return null;
  const per = (key: keyof CpuReading) => +(((after[key] - before[key]) * 1000) / requests).toFixed(3);
  return { serviceMs: per('service'), postgresMs: per('postgres'), loadGeneratorMs: per('loadGenerator') };
}
