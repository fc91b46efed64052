/**
 * Starting a cluster: real agent processes (from a topology file, with fsync off), a simulated cluster
 * inside the console (seed, groups of six nodes up to 24, protocol; docs/simulated-cluster.md), or
 * attaching to agents that already run (by topology, token and addresses). The header's plain "Start
 * cluster" starts the embedded default with real agents.
 */
import { useState, type FormEvent } from 'react';
import { protocolNames, type ProtocolName } from '../../../app/protocol/protocol';
import { parseAddresses } from '../../actions/addresses';
import { failureText, pushNotice } from '../../actions/notices';
import { useConsole } from '../use-console';
import { SegmentedChoice } from '../widgets/SegmentedChoice';

const modes = ['start', 'simulate', 'attach'] as const;
type Mode = (typeof modes)[number];

const modeLabels: Record<Mode, string> = {
  start: 'Real processes',
  simulate: 'Simulated',
  attach: 'Attach to running agents',
};

/** Simulated cluster sizes: groups of six nodes (3 datacenters × 2), up to 24 nodes. */
const groupChoices = ['1', '2', '3', '4'] as const;

/** What each protocol is, in a few words a class can compare. */
export const protocolLabels: Record<ProtocolName, string> = {
  paxoskv: 'PaxosKV (leaderless Paxos per key)',
  quorumkv: 'QuorumKV (NWR, no Paxos: unsafe)',
  multipaxos: 'Multi-Paxos (one leader per group)',
  wpaxos: 'WPaxos (grid quorums, per-object leaders)',
  certain: 'PaxosCertain (PLog + DB, semi-symmetric messages)',
};

export function ClusterDialog({ onClose }: { onClose: () => void }) {
  const consoleHandle = useConsole();
  const [mode, setMode] = useState<Mode>('start');
  const [topologyText, setTopologyText] = useState('');
  const [syncOff, setSyncOff] = useState(false);
  const [protocol, setProtocol] = useState<ProtocolName>('paxoskv');
  const [token, setToken] = useState('');
  const [addresses, setAddresses] = useState('');
  const [seed, setSeed] = useState('');
  const [groups, setGroups] = useState<(typeof groupChoices)[number]>('1');
  const [paused, setPaused] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const topology = topologyText.trim() ? { topologyText } : {};
    try {
      if (mode === 'start')
        await consoleHandle.client.call('startCluster', {
          ...topology,
          sync: syncOff ? 'never' : 'always',
          protocol,
        });
      else if (mode === 'simulate')
        await consoleHandle.client.call('startSimulatedCluster', {
          ...topology,
          ...(seed.trim() ? { seed: Number(seed.trim()) } : {}),
          groups: Number(groups),
          protocol,
          paused,
        });
      else
        await consoleHandle.client.call('attachCluster', {
          ...topology,
          token: token.trim(),
          addresses: parseAddresses(addresses),
        });
      pushNotice(consoleHandle.store, {
        tone: 'success',
        text: { start: 'Cluster started.', simulate: 'Simulated cluster started.', attach: 'Attached.' }[
          mode
        ],
        undo: null,
      });
      onClose();
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-label="start or attach a cluster"
      onClick={onClose}
    >
      <form
        className="overlay-card cluster-dialog"
        onClick={(event) => event.stopPropagation()}
        onSubmit={(event) => void submit(event)}
      >
        <SegmentedChoice
          label="start or attach"
          options={modes}
          value={mode}
          onChange={setMode}
          textOf={(option) => modeLabels[option]}
        />
        <label className="stacked">
          <span>Topology (YAML or JSON; empty for the embedded 3 × 2 default)</span>
          <textarea
            rows={6}
            className="mono"
            value={topologyText}
            onChange={(event) => setTopologyText(event.target.value)}
          />
        </label>
        <input
          type="file"
          aria-label="topology file"
          accept=".yaml,.yml,.json"
          onChange={(event) => void event.target.files?.[0]?.text().then(setTopologyText)}
        />
        {mode !== 'attach' ? (
          <>
            <div className="stacked">
              <span>Protocol every agent runs (in place of the topology&apos;s)</span>
              <SegmentedChoice
                label="protocol"
                options={protocolNames}
                value={protocol}
                onChange={setProtocol}
                textOf={(option) => protocolLabels[option]}
              />
            </div>
            {mode === 'simulate' ? (
              <>
                <div className="stacked">
                  <span>Nodes (when the topology above is empty)</span>
                  <SegmentedChoice
                    label="simulated nodes"
                    options={groupChoices}
                    value={groups}
                    onChange={setGroups}
                    textOf={(option) => `${Number(option) * 6} nodes`}
                  />
                </div>
                <label className="stacked">
                  <span>Seed (empty for a fresh one)</span>
                  <input
                    className="mono"
                    aria-label="seed"
                    inputMode="numeric"
                    value={seed}
                    onChange={(event) => setSeed(event.target.value)}
                  />
                </label>
                <label>
                  <input
                    type="checkbox"
                    checked={paused}
                    onChange={(event) => setPaused(event.target.checked)}
                  />{' '}
                  start paused, to step from the first event
                </label>
              </>
            ) : (
              <label>
                <input
                  type="checkbox"
                  checked={syncOff}
                  onChange={(event) => setSyncOff(event.target.checked)}
                />{' '}
                fsync off (faster, not crash-safe: the console warns while it runs)
              </label>
            )}
          </>
        ) : (
          <>
            <label className="stacked">
              <span>Control token (the agents&apos; --token)</span>
              <input className="mono" value={token} onChange={(event) => setToken(event.target.value)} />
            </label>
            <label className="stacked">
              <span>
                Addresses, one per line, only where they differ from the topology (n0=127.0.0.1:7401)
              </span>
              <textarea
                rows={3}
                className="mono"
                value={addresses}
                onChange={(event) => setAddresses(event.target.value)}
              />
            </label>
          </>
        )}
        {error && <div className="form-error">{error}</div>}
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {mode === 'attach' ? 'Attach' : 'Start'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
