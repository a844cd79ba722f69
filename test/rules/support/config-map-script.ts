/**
 * A ConfigMap `scripts` holding run.sh (lines 1–6 + the script) and, in the same file, a Deployment
 * whose container `api` runs `command` with it mounted at /scripts. `volume` is the volume's source
 * lines (8 spaces deep). The command is on line 22 + the script's lines, column 11.
 */
export function withScriptConfigMap(script: string, command: string, image = 'node:20', volume = ['configMap:', '  name: scripts']): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: scripts',
    'data:',
    '  run.sh: |',
    ...script.split('\n').map((l) => `    ${l}`),
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    'spec:',
    '  selector:',
    '    matchLabels: {app: api}',
    '  template:',
    '    metadata:',
    '      labels: {app: api}',
    '    spec:',
    '      containers:',
    '        - name: api',
    `          image: ${image}`,
    `          command: ${command}`,
    '          volumeMounts:',
    '            - name: scripts',
    '              mountPath: /scripts',
    '      volumes:',
    '        - name: scripts',
    ...volume.map((l) => `          ${l}`),
    '',
  ].join('\n');
}
