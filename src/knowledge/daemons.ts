/**
 * Commands that start a service in the background and return: as PID 1 the container's main
 * process exits 0 at once, so the container ends `Completed` (lab case "nginx-daemonizes").
 */
export interface DaemonizingCommand {
  readonly id: string;
  /** Program basenames. */
  readonly names: readonly string[];
  /** Whether this argv daemonizes; `config` means: only when the configuration does not say `daemon off;`. */
  readonly daemonizes: (args: readonly string[]) => boolean | 'config';
  readonly fix: string;
  readonly source: string;
}

export const DAEMONIZING_COMMANDS: readonly DaemonizingCommand[] = [
  {
    id: 'nginx',
    names: ['nginx'],
    daemonizes: (args) => {
      if (args.some((a) => a === '-v' || a === '-V' || a === '-t' || a === '-T' || a === '-s' || a === '-h' || a === '-?')) return false;
      const directives = args.filter((_, i) => args[i - 1] === '-g').join(';');
      return directives.replace(/\s+/g, ' ').includes('daemon off') ? false : 'config';
    },
    fix: 'Run it in the foreground: CMD ["nginx", "-g", "daemon off;"]',
    source: 'nginx docs, core module "daemon" (default on); lab case "nginx-daemonizes" (plain nginx as PID 1 exits 0 at once)',
  },
  {
    id: 'service-start',
    names: ['service'],
    daemonizes: (args) => args.length >= 2 && (args[1] === 'start' || args[1] === 'restart'),
    fix: 'Run the server itself in the foreground (exec form), not its init script',
    source: 'service(8): runs the System V init script /etc/init.d/NAME, whose `start` action launches the daemon in the background and returns',
  },
  {
    id: 'init-script-start',
    names: [],
    daemonizes: () => false,
    fix: 'Run the server itself in the foreground (exec form), not its init script',
    source: 'System V init scripts (/etc/init.d/NAME start) launch the daemon in the background and return (LSB Core "Init Script Actions")',
  },
  {
    id: 'apachectl-start',
    names: ['apachectl', 'apache2ctl'],
    daemonizes: (args) => args[0] === 'start' || args[0] === 'restart' || (args[0] === '-k' && (args[1] === 'start' || args[1] === 'restart')),
    fix: 'Run Apache in the foreground: CMD ["httpd-foreground"] (official httpd image) or CMD ["apachectl", "-D", "FOREGROUND"]',
    source: 'Apache httpd docs, apachectl: "start: Start the Apache httpd daemon" (httpd -k start detaches); -D FOREGROUND keeps it attached',
  },
  {
    id: 'redis-daemonize',
    names: ['redis-server'],
    daemonizes: (args) => args.some((a, i) => a === '--daemonize' && args[i + 1]?.toLowerCase() === 'yes'),
    fix: 'Drop `--daemonize yes`: Redis stays in the foreground by default',
    source: 'redis.conf: "By default Redis does not run as a daemon. Use \'yes\' if you need it."',
  },
];

/** The daemonizing command an argv runs, if any (`/etc/init.d/x start` included). */
export function daemonizingCommand(argv: readonly string[]): { command: DaemonizingCommand; verdict: true | 'config' } | undefined {
  const [argv0, ...args] = argv;
  if (argv0 === undefined) return undefined;
  if (argv0.startsWith('/etc/init.d/') && (args[0] === 'start' || args[0] === 'restart')) {
    const command = DAEMONIZING_COMMANDS.find((c) => c.id === 'init-script-start');
    return command ? { command, verdict: true } : undefined;
  }
  const name = argv0.slice(argv0.lastIndexOf('/') + 1);
  for (const command of DAEMONIZING_COMMANDS) {
    if (!command.names.includes(name)) continue;
    const verdict = command.daemonizes(args);
    if (verdict !== false) return { command, verdict };
  }
  return undefined;
}
