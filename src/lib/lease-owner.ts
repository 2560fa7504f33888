import { hostname } from 'node:os';

/**
 * Whether a lease owner named `host:pid:…` (the form the mail queue and the webhook dispatcher
 * use) is a process of this machine that no longer runs. After a crash (kill -9, OOM) a restarted
 * server would otherwise wait for the dead process's leases to expire (minutes for mail) before
 * sending what it left behind. A pid reused by another process counts as alive: the lease is then
 * only waited out, which is safe. Owners on other hosts are never judged.
 */
export function isDeadLocalOwner(owner: string | null, self = process.pid): boolean {
  if (owner === null) return false;
  const [host, pidText] = owner.split(':');
  if (host !== hostname() || pidText === undefined || !/^[0-9]{1,10}$/.test(pidText)) return false;
  const pid = Number(pidText);
  if (pid === self || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else (alive); ESRCH: no such process.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
