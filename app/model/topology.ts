/**
 * The cluster's shape: datacenters, mini-clusters, nodes and the groups keys are placed on. One schema
 * validates topology files, the console's commands and the agents' flags; every error names its field.
 */
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import type { PlacementGroup } from '../paxos/types';
import {
  dedupWindowDefault,
  dedupWindowMax,
  keyBytesDefault,
  keyBytesMax,
  valueBytesDefault,
  valueBytesMax,
} from '../paxos/config';
import { protocolNames } from '../protocol/protocol';
import { FieldError, zodProblem } from '../util/field-error';

export const idPattern = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const id = z.string().regex(idPattern, 'must be 1-32 letters, digits, "-" or "_", starting with a letter');

export const nodeSchema = z.strictObject({
  id,
  host: z.string().min(1).max(253).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535),
});

export const miniClusterSchema = z.strictObject({
  id,
  nodes: z.array(nodeSchema).length(2, 'a mini-cluster has exactly 2 nodes'),
});

export const datacenterSchema = z.strictObject({
  id,
  /** A label for the console, for example a city. */
  name: z.string().max(64).optional(),
  miniClusters: z.array(miniClusterSchema).min(1).max(64),
});

export const limitsSchema = z.strictObject({
  keyBytesMax: z.number().int().min(1).max(keyBytesMax).default(keyBytesDefault),
  valueBytesMax: z.number().int().min(1).max(valueBytesMax).default(valueBytesDefault),
  /** Request ids each chosen value remembers for answering retries (docs/exactly-once.md). */
  dedupWindow: z.number().int().min(1).max(dedupWindowMax).default(dedupWindowDefault),
});

export const groupSchema = z.strictObject({
  id,
  /** One mini-cluster from each of three different datacenters. */
  miniClusters: z.array(id).length(3, 'a group spans exactly 3 mini-clusters'),
});

export const topologySchema = z.strictObject({
  name: id.default('default'),
  /** The replication protocol every agent of the cluster runs (app/protocol); omitted: PaxosKV. */
  protocol: z.enum(protocolNames).default('paxoskv'),
  datacenters: z.array(datacenterSchema).length(3, 'PaxosStore places replicas in exactly 3 datacenters'),
  /** When omitted, the i-th mini-cluster of every datacenter forms group g<i+1>. */
  groups: z.array(groupSchema).min(1).optional(),
  /** Omitted: every limit at its default. */
  limits: limitsSchema.prefault({}),
  /**
   * WPaxos only: F, the zones (datacenters) whose loss its quorums tolerate. Phase 1 (a steal) needs
   * majorities in 3 − F zones, phase 2 in F + 1; omitted: 0, so writes commit inside the leader's zone.
   */
  zoneFailures: z
    .number()
    .int()
    .min(0)
    .max(2, 'must be at most 2: phase 1 needs at least one of the 3 zones')
    .optional(),
});

export type TopologyInput = z.input<typeof topologySchema>;
export type NodeSpec = z.infer<typeof nodeSchema>;
export type Topology = z.infer<typeof topologySchema> & { groups: z.infer<typeof groupSchema>[] };

/** A node with where it sits, for views and routing. */
export interface NodeLocation extends NodeSpec {
  datacenterId: string;
  miniClusterId: string;
  groupId: string;
}

/** A bad topology; `field` is a path such as "datacenters[0].miniClusters[1].nodes[0].port". */
export class TopologyError extends FieldError {
  override name = 'TopologyError';
}

/** Validates a parsed topology and fills in defaults; throws TopologyError naming the first bad field. */
export function validateTopology(input: unknown): Topology {
  const parsed = topologySchema.safeParse(input);
  if (!parsed.success) throw TopologyError.from(zodProblem(parsed.error));
  const topology = parsed.data;
  const groups = topology.groups ?? deriveGroups(topology.datacenters);
  checkCrossReferences(topology.datacenters, groups);
  return { ...topology, groups };
}

/** Parses YAML (or JSON, which is YAML) text and validates it. */
export function parseTopology(text: string): Topology {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new TopologyError('(file)', `not valid YAML: ${(error as Error).message}`);
  }
  return validateTopology(document);
}

function deriveGroups(datacenters: Topology['datacenters']): Topology['groups'] {
  const count = Math.min(...datacenters.map((dc) => dc.miniClusters.length));
  return Array.from({ length: count }, (_, i) => ({
    id: `g${i + 1}`,
    miniClusters: datacenters.map((dc) => dc.miniClusters[i]!.id),
  }));
}

function checkCrossReferences(datacenters: Topology['datacenters'], groups: Topology['groups']): void {
  const seen = new Map<string, string>();
  const remember = (value: string, field: string) => {
    const earlier = seen.get(value);
    if (earlier) throw new TopologyError(field, `id "${value}" is already used at ${earlier}`);
    seen.set(value, field);
  };
  const miniClusterDc = new Map<string, string>();
  const endpoints = new Map<string, string>();
  datacenters.forEach((dc, d) => {
    remember(dc.id, `datacenters[${d}].id`);
    dc.miniClusters.forEach((mc, m) => {
      remember(mc.id, `datacenters[${d}].miniClusters[${m}].id`);
      miniClusterDc.set(mc.id, dc.id);
      mc.nodes.forEach((node, n) => {
        const field = `datacenters[${d}].miniClusters[${m}].nodes[${n}]`;
        remember(node.id, `${field}.id`);
        const endpoint = `${node.host}:${node.port}`;
        const other = endpoints.get(endpoint);
        if (other) throw new TopologyError(`${field}.port`, `${endpoint} is already used by ${other}`);
        endpoints.set(endpoint, field);
      });
    });
  });
  const used = new Set<string>();
  groups.forEach((group, g) => {
    remember(group.id, `groups[${g}].id`);
    const dcs = new Set<string>();
    group.miniClusters.forEach((mcId, i) => {
      const field = `groups[${g}].miniClusters[${i}]`;
      const dc = miniClusterDc.get(mcId);
      if (!dc) throw new TopologyError(field, `no mini-cluster "${mcId}"`);
      if (used.has(mcId)) throw new TopologyError(field, `mini-cluster "${mcId}" is already in a group`);
      if (dcs.has(dc)) throw new TopologyError(field, `a group needs 3 different datacenters; ${dc} repeats`);
      used.add(mcId);
      dcs.add(dc);
    });
  });
}

function findMiniCluster(topology: Topology, miniClusterId: string) {
  for (const dc of topology.datacenters) {
    const mc = dc.miniClusters.find((candidate) => candidate.id === miniClusterId);
    if (mc) return mc;
  }
  throw new TopologyError('groups', `no mini-cluster "${miniClusterId}"`);
}

/**
 * A group's six members in placement order: member m sits in the group's datacenter (m mod 3), which is
 * what the A/B/C role formulas assume.
 */
export function placementGroups(topology: Topology): PlacementGroup[] {
  return topology.groups.map((group) => {
    const miniClusters = group.miniClusters.map((mcId) => findMiniCluster(topology, mcId));
    const members = [0, 1].flatMap((slot) => miniClusters.map((mc) => mc.nodes[slot]!.id));
    return { id: group.id, members };
  });
}

/** Every node with its datacenter, mini-cluster and group. */
export function nodeLocations(topology: Topology): NodeLocation[] {
  const groupOf = new Map<string, string>();
  for (const group of topology.groups) for (const mc of group.miniClusters) groupOf.set(mc, group.id);
  return topology.datacenters.flatMap((dc) =>
    dc.miniClusters.flatMap((mc) =>
      mc.nodes.map((node) => ({
        ...node,
        datacenterId: dc.id,
        miniClusterId: mc.id,
        groupId: groupOf.get(mc.id) ?? '',
      })),
    ),
  );
}

/** Each datacenter's node ids, in topology order: what a partition "by datacenter" splits. */
export function nodesByDatacenter(topology: Topology): Map<string, string[]> {
  const byDc = new Map<string, string[]>();
  for (const node of nodeLocations(topology)) {
    byDc.set(node.datacenterId, [...(byDc.get(node.datacenterId) ?? []), node.id]);
  }
  return byDc;
}

/** The embedded default: 3 datacenters x 1 mini-cluster x 2 nodes, one 6-node group. */
export function defaultTopology(basePort = 7401): Topology {
  const datacenters = [0, 1, 2].map((d) => ({
    id: `dc${d + 1}`,
    miniClusters: [
      {
        id: `dc${d + 1}-mc1`,
        nodes: [0, 1].map((slot) => ({ id: `n${d + 3 * slot}`, port: basePort + d + 3 * slot })),
      },
    ],
  }));
  return validateTopology({ name: 'default', datacenters });
}
