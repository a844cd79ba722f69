/**
 * Source-text hints that an application handles its stop signal itself. They are used in
 * one direction only: a hint found withholds a "SIGTERM is ignored" prediction, so a
 * hint that is too broad costs a missed finding, never a false one.
 */
export interface HandlerHints {
  readonly language: 'node' | 'python' | 'go';
  /** Substrings whose presence in the application's source suggests a handler. */
  readonly hints: readonly string[];
  readonly source: string;
}

export const HANDLER_HINTS: Readonly<Record<HandlerHints['language'], HandlerHints>> = {
  node: {
    language: 'node',
    hints: ['SIGTERM', 'enableShutdownHooks', 'terminus', 'lightship', 'http-terminator', 'close-with-grace'],
    source:
      "Node.js docs, process 'Signal events': a listener for SIGTERM replaces the default (which re-raises, dropped for PID 1); NestJS enableShutdownHooks, @godaddy/terminus, lightship, close-with-grace register one",
  },
  python: {
    language: 'python',
    hints: ['SIGTERM', 'signal', 'uvicorn', 'gunicorn', 'hypercorn', 'aiohttp', 'tornado', 'twisted', 'daphne', 'celery'],
    source:
      'CPython signal docs (only SIGINT has a default handler; signal.signal installs one); uvicorn, gunicorn, hypercorn, aiohttp web.run_app install SIGTERM handlers for graceful shutdown',
  },
  go: {
    language: 'go',
    hints: ['signal.Notify', 'NotifyContext', 'SetupSignalHandler', 'os/signal'],
    source:
      'Go os/signal docs: "Notify disables the default behavior for a given set of asynchronous signals"; controller-runtime SetupSignalHandler calls signal.Notify',
  },
};

/**
 * Go packages that make a cgo-enabled build link the C library dynamically (they have cgo
 * implementations: the DNS resolver in net, user lookup in os/user; Go cmd/cgo docs). Lab case "start missing-loader".
 */
export const GO_CGO_PACKAGES: readonly string[] = ['"net"', '"net/http"', '"os/user"', '"net/rpc"', '"google.golang.org/grpc"'];
