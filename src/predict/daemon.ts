import type { Report } from '../engine/rule.js';
import type { RuntimeName } from '../knowledge/types.js';
import type { Startup } from '../model/startup.js';
import { startFails } from './start.js';

/** The last command starts a daemon and returns: PID 1 exits 0 at once (FACTS.md §2). */
export function commandDaemonizes(startup: Startup, runtime: RuntimeName): Report[] {
  const daemon = startup.chain.daemonizes;
  if (!daemon || startFails(startup, runtime)) return [];
  const shown = daemon.argv.join(' ');
  const config = daemon.certainty === 'config-unknown' ? ' unless its configuration says `daemon off;` (the configuration could not be read)' : '';
  return [
    {
      at: daemon.at,
      severity: daemon.certainty === 'certain' ? 'error' : 'warning',
      message: `\`${shown}\` starts the service in the background and returns${config}: the container's main process exits 0 right after start, so the container ends Completed and a Deployment restarts it over and over (CrashLoopBackOff). ${daemon.command.fix}.`,
      related: daemon.configAt ? [{ at: daemon.configAt, message: 'configuration placed here' }] : [],
    },
  ];
}
