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
  /** For `config`: where the configuration is, and how it says "stay in the foreground". */
  readonly config?: DaemonConfig;
  readonly fix: string;
  readonly source: string;
}

export interface DaemonConfig {
  /** Options naming the configuration file (`-c FILE`). */
  readonly options: readonly string[];
  /** Where the program looks without the option, in order. */
  readonly defaultPaths: readonly string[];
  /** The configuration text keeps it in the foreground. */
  readonly foreground: (text: string) => boolean;
  /** The image repositories whose own configuration (at a default path) keeps the daemon default. */
  readonly daemonInImages: readonly string[];
}

/** A top-level `daemon off;` directive (nginx configuration: `#` starts a comment, `;` ends a directive). */
export function nginxDaemonOff(text: string): boolean {
  for (const rawLine of text.split('\n')) {
    const hash = rawLine.indexOf('#');
    const line = (hash < 0 ? rawLine : rawLine.slice(0, hash)).trim();
    for (const directive of line.split(';')) {
      const words = directive.trim().split(/\s+/);
      if (words[0] === 'daemon' && words[1] === 'off') return true;
    }
  }
  return false;
}

/** `nodaemon=true` in the `[supervisord]` section (supervisord.conf is an ini file; `;` and `#` start comments). */
export function supervisordNodaemon(text: string): boolean {
  let section = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/[;#].*$/, '').trim();
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim().toLowerCase();
      continue;
    }
    const eq = line.indexOf('=');
    if (section !== 'supervisord' || eq < 0) continue;
    if (line.slice(0, eq).trim().toLowerCase() === 'nodaemon')
      return ['true', 'yes', 'on', '1'].includes(
        line
          .slice(eq + 1)
          .trim()
          .toLowerCase(),
      );
  }
  return false;
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
    config: { options: ['-c'], defaultPaths: ['/etc/nginx/nginx.conf'], foreground: nginxDaemonOff, daemonInImages: ['nginx'] },
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
  {
    id: 'gunicorn-daemon',
    names: ['gunicorn'],
    daemonizes: (args) => args.includes('--daemon') || args.includes('-D'),
    fix: 'Drop `--daemon`/`-D`: gunicorn stays in the foreground by default',
    source:
      'gunicorn docs, Settings: daemon (`-D`, `--daemon`) "Daemonize the Gunicorn process. Detaches the server from the controlling terminal and enters the background."',
  },
  {
    id: 'mongod-fork',
    names: ['mongod'],
    daemonizes: (args) => args.includes('--fork'),
    fix: 'Drop `--fork`: mongod stays in the foreground by default',
    source: 'MongoDB docs, mongod --fork: "Enables a daemon mode that runs the mongod process in the background"',
  },
  {
    id: 'sshd',
    names: ['sshd'],
    // -D: do not detach; -d: debug mode (foreground, one connection); -t/-T: test the configuration and exit.
    daemonizes: (args) => !args.some((a) => /^-[A-Za-z]*[DdtT]/.test(a) && !a.startsWith('--')),
    fix: 'Run it in the foreground: CMD ["/usr/sbin/sshd", "-D", "-e"]',
    source: 'OpenBSD sshd(8): "-D When this option is specified, sshd will not detach and does not become a daemon."',
  },
  {
    id: 'supervisord',
    names: ['supervisord'],
    daemonizes: (args) => (args.includes('-n') || args.includes('--nodaemon') ? false : 'config'),
    config: {
      options: ['-c', '--configuration'],
      defaultPaths: ['/etc/supervisord.conf', '/etc/supervisor/supervisord.conf'],
      foreground: supervisordNodaemon,
      daemonInImages: [],
    },
    fix: 'Keep it in the foreground: CMD ["supervisord", "-n"] (or nodaemon=true in the [supervisord] section)',
    source:
      'supervisord docs, Configuration File [supervisord] nodaemon: "If true, supervisord will start in the foreground instead of daemonizing" (default false); supervisord -n/--nodaemon; supervisor/options.py searches ../etc/supervisord.conf, ../supervisord.conf, ./supervisord.conf, ./etc/supervisord.conf, /etc/supervisord.conf, /etc/supervisor/supervisord.conf',
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
