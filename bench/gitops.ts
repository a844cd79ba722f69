import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A generated GitOps repository: `apps` applications, each with a base (Deployment, Service,
 * ConfigMap) and three overlays (dev, staging, prod: a namespace each, replicas and resource
 * patches, prod with a name prefix and a shared Component), plus the README and Dockerfile
 * such repositories carry beside them. With 25 apps: 100 kustomizations and 1 Component.
 * Half the bases have a BestEffort container, so the report has base findings reached
 * through three overlays each.
 */
export function writeGitopsTree(root: string, apps = 25): { root: string; kustomizations: number } {
  rmSync(root, { recursive: true, force: true });
  const write = (rel: string, text: string): void => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  write('Dockerfile', 'FROM alpine:3.20\nRUN apk add --no-cache kubectl\nENTRYPOINT ["kubectl"]\n');
  write(
    'components/team-labels/kustomization.yaml',
    'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nlabels:\n  - pairs:\n      team: platform\n    includeSelectors: false\n',
  );
  let kustomizations = 0;
  for (let i = 0; i < apps; i++) {
    const app = `app-${String(i).padStart(2, '0')}`;
    const resources = i % 2 === 0 ? '' : '          resources:\n            requests: { cpu: 50m, memory: 64Mi }\n            limits: { memory: 128Mi }\n';
    write(
      `apps/${app}/base/kustomization.yaml`,
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\n  - configmap.yaml\n',
    );
    write(
      `apps/${app}/base/deployment.yaml`,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: ${app}`,
        'spec:',
        '  replicas: 1',
        '  selector:',
        '    matchLabels:',
        `      app: ${app}`,
        '  template:',
        '    metadata:',
        '      labels:',
        `        app: ${app}`,
        '    spec:',
        '      containers:',
        `        - name: ${app}`,
        `          image: ghcr.io/acme/${app}:1.${i}.0`,
        '          ports:',
        '            - containerPort: 8080',
        '          envFrom:',
        '            - configMapRef:',
        `                name: ${app}-config`,
        resources,
      ].join('\n'),
    );
    write(
      `apps/${app}/base/service.yaml`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\nspec:\n  selector:\n    app: ${app}\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
    );
    write(`apps/${app}/base/configmap.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}-config\ndata:\n  LOG_LEVEL: info\n`);
    kustomizations++;
    for (const env of ['dev', 'staging', 'prod']) {
      const prod = env === 'prod';
      write(
        `apps/${app}/overlays/${env}/kustomization.yaml`,
        [
          'apiVersion: kustomize.config.k8s.io/v1beta1',
          'kind: Kustomization',
          `namespace: ${env}`,
          ...(prod ? ['namePrefix: prod-'] : []),
          'resources:',
          '  - ../../base',
          ...(prod ? ['components:', '  - ../../../../components/team-labels'] : []),
          'patches:',
          '  - path: replicas.yaml',
          '',
        ].join('\n'),
      );
      write(
        `apps/${app}/overlays/${env}/replicas.yaml`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\nspec:\n  replicas: ${prod ? 3 : 1}\n`,
      );
      kustomizations++;
    }
  }
  return { root, kustomizations };
}
