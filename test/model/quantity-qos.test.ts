import { containerSpecModel, podSpecModel } from '../../src/model/workload/pod-spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareQuantities, parseQuantity, quantityValue } from '../../src/model/workload/quantity.js';
import { oomScoreAdj, qosClass } from '../../src/model/workload/qos.js';
import type { JoinedContainer, JoinedWorkload } from '../../src/model/join.js';

const q = (s: string): number => {
  const parsed = parseQuantity(s);
  assert.ok(parsed, s);
  return quantityValue(parsed);
};

describe('quantities', () => {
  it('parse the binary, decimal and exponent forms exactly', () => {
    assert.equal(q('1Gi'), 1073741824);
    assert.equal(q('512Mi'), 536870912);
    assert.equal(q('1.5Gi'), 1610612736);
    assert.equal(q('250m'), 0.25);
    assert.equal(q('2k'), 2000);
    assert.equal(q('1e3'), 1000);
    assert.equal(q('1E-2'), 0.01);
    assert.equal(q('128974848'), 128974848);
    assert.equal(q('129M'), 129000000);
    assert.equal(compareQuantities(parseQuantity('1Gi')!, parseQuantity('1073741824')!), 0);
    assert.equal(compareQuantities(parseQuantity('1G')!, parseQuantity('1Gi')!), -1);
  });

  it('reject what the API server rejects', () => {
    for (const bad of ['', 'Gi', '1 Gi', '1gi', '1.2.3', '--1', '1Ki2', '0x10']) assert.equal(parseQuantity(bad), undefined, bad);
  });
});

function container(
  name: string,
  requests: Record<string, string>,
  limits: Record<string, string>,
  role: JoinedContainer['role'] = 'container',
): JoinedContainer {
  return {
    name,
    role,
    path: [],
    image: 'x',
    command: undefined,
    args: undefined,
    requests,
    limits,
    lifecycle: undefined,
    spec: {},
    fields: containerSpecModel({}, [], 'x'),
    stop: { gracePeriodSeconds: 30, gracePath: undefined, preStop: undefined },
  };
}

function pod(containers: JoinedContainer[], initContainers: JoinedContainer[] = []): JoinedWorkload {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    name: 'p',
    namespace: undefined,
    file: 'p.yaml',
    objectPath: [],
    podSpecPath: ['spec'],
    podSpec: {},
    pod: podSpecModel({}, ['spec']),
    containers,
    initContainers,
    selector: undefined,
    templateLabels: { value: {}, path: ['metadata', 'labels'] },
    object: {},
    labels: {},
    labelsPath: ['metadata', 'labels'],
    at: () => ({ file: 'p.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 }),
    lines: () => ({ line: 1, endLine: 1 }),
  };
}

describe('QoS class (qos.go)', () => {
  it('BestEffort without any cpu/memory request or limit; other resources do not count', () => {
    assert.equal(qosClass(pod([container('a', {}, {})])), 'BestEffort');
    assert.equal(qosClass(pod([container('a', { 'ephemeral-storage': '1Gi' }, {})])), 'BestEffort');
    assert.equal(qosClass(pod([container('a', { memory: '0' }, {})])), 'BestEffort');
  });

  it('init containers count', () => {
    assert.equal(qosClass(pod([container('a', {}, {})], [container('i', { cpu: '10m' }, {}, 'init')])), 'Burstable');
  });

  it('Guaranteed when every container has cpu and memory limits and summed requests equal summed limits (limits default requests)', () => {
    assert.equal(qosClass(pod([container('a', {}, { cpu: '1', memory: '1Gi' })])), 'Guaranteed');
    assert.equal(qosClass(pod([container('a', { cpu: '1000m', memory: '1073741824' }, { cpu: '1', memory: '1Gi' })])), 'Guaranteed');
    assert.equal(qosClass(pod([container('a', { cpu: '500m' }, { cpu: '1', memory: '1Gi' })])), 'Burstable');
    assert.equal(qosClass(pod([container('a', {}, { memory: '1Gi' })])), 'Burstable');
  });

  it('oom_score_adj per policy.go', () => {
    assert.equal(oomScoreAdj('Guaranteed', 0, 1), -997);
    assert.equal(oomScoreAdj('BestEffort', 0, 1), 1000);
    assert.equal(oomScoreAdj('Burstable', 0, 8 * 2 ** 30), 999);
    assert.equal(oomScoreAdj('Burstable', 8 * 2 ** 30, 8 * 2 ** 30), 3);
    assert.equal(oomScoreAdj('Burstable', 2 ** 30, 8 * 2 ** 30), 875);
  });
});
