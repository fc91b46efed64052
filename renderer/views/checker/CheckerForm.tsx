/** The start form: workload settings and nemesis kinds, Start, Stop and Save. */
import { useState } from 'react';
import { checkerRunLimits, isCheckerBusy } from '../../../app/contract/checker-run';
import { isComparisonBusy } from '../../../app/contract/comparison-run';
import {
  faultKinds,
  keyDistributions,
  type FaultKind,
  type KeyDistribution,
  type ReadMode,
} from '../../../app/contract/checker-vocabulary';
import { saveCheckerRun, startCheckerRun, stopCheckerRun } from '../../checker/checker-actions';
import { useConsole, useConsoleState } from '../use-console';
import { Choices, NumberField, SeedField } from './form-fields';
import { HealNotice } from './HealNotice';

interface FormValues {
  clients: number;
  keys: number;
  distribution: KeyDistribution;
  rateOpsPerSecond: number;
  durationSeconds: number;
  nemesis: FaultKind[];
  readMode: ReadMode;
  /** Empty: the console picks one. */
  seed: string;
}

const initialValues: FormValues = {
  clients: 4,
  keys: 5,
  distribution: 'zipfian',
  rateOpsPerSecond: 50,
  durationSeconds: 20,
  nemesis: [],
  readMode: 'paxos',
  seed: '',
};

/** What each read mode is called in the form: the broken one says so. */
const readModeWords: Record<ReadMode, string> = {
  paxos: 'through Paxos',
  'one-replica-read': 'one replica, no Paxos (broken on purpose)',
};

export function CheckerForm() {
  const consoleHandle = useConsole();
  const [values, setValues] = useState(initialValues);
  const set = (patch: Partial<FormValues>) => setValues((old) => ({ ...old, ...patch }));
  // Main validates every field and answers out-of-range values with the field and the limit.
  const start = () =>
    void startCheckerRun(consoleHandle, {
      clients: values.clients,
      keys: values.keys,
      distribution: values.distribution,
      rateOpsPerSecond: values.rateOpsPerSecond,
      durationMs: Math.round(values.durationSeconds * 1000),
      nemesis: values.nemesis,
      readMode: values.readMode,
      ...(values.seed.trim() === '' ? {} : { seed: Number(values.seed) }),
    });
  return (
    <form
      className="checker-form"
      aria-label="checked run settings"
      onSubmit={(event) => event.preventDefault()}
    >
      <RunFields values={values} set={set} />
      <Choices
        legend="nemesis"
        options={faultKinds}
        chosen={values.nemesis}
        onChange={(nemesis) => set({ nemesis })}
      />
      <RunButtons onStart={start} />
      <HealNotice />
    </form>
  );
}

function RunFields({ values, set }: { values: FormValues; set: (patch: Partial<FormValues>) => void }) {
  return (
    <div className="checker-fields">
      <NumberField
        label="clients"
        value={values.clients}
        max={checkerRunLimits.clientsMax}
        onChange={(clients) => set({ clients })}
      />
      <NumberField
        label="keys"
        value={values.keys}
        max={checkerRunLimits.keysMax}
        onChange={(keys) => set({ keys })}
      />
      <label>
        distribution
        <select
          value={values.distribution}
          onChange={(event) => set({ distribution: event.target.value as KeyDistribution })}
        >
          {keyDistributions.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      <NumberField
        label="rate /s"
        value={values.rateOpsPerSecond}
        max={checkerRunLimits.rateOpsPerSecondMax}
        onChange={(rateOpsPerSecond) => set({ rateOpsPerSecond })}
      />
      <NumberField
        label="duration s"
        value={values.durationSeconds}
        max={checkerRunLimits.durationMsMax / 1000}
        onChange={(durationSeconds) => set({ durationSeconds })}
      />
      <SeedField value={values.seed} onChange={(seed) => set({ seed })} />
      <label className="checker-read-mode">
        reads
        <select
          value={values.readMode}
          onChange={(event) => set({ readMode: event.target.value as ReadMode })}
        >
          {Object.entries(readModeWords).map(([mode, words]) => (
            <option key={mode} value={mode}>
              {words}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function RunButtons({ onStart }: { onStart: () => void }) {
  const consoleHandle = useConsole();
  const status = useConsoleState((state) => state.checker.run.status);
  const hasRun = useConsoleState((state) => state.checker.run.runId !== null);
  const clusterRunning = useConsoleState(
    (state) => state.cluster.phase === 'running' && state.cluster.mode !== 'trace',
  );
  // Main refuses a run beside a comparison (they would share the machine); say so before it has to.
  const comparing = useConsoleState((state) => isComparisonBusy(state.comparison.status));
  const title = !clusterRunning
    ? 'Start a cluster first'
    : comparing
      ? 'A protocol comparison is running; wait for its table'
      : 'Start a checked run on this cluster';
  return (
    <div className="row">
      <button
        type="button"
        disabled={isCheckerBusy(status) || !clusterRunning || comparing}
        onClick={onStart}
        title={title}
      >
        Start run
      </button>
      <button
        type="button"
        disabled={status !== 'running'}
        onClick={() => void stopCheckerRun(consoleHandle)}
      >
        Stop
      </button>
      <button type="button" disabled={!hasRun} onClick={() => void saveCheckerRun(consoleHandle)}>
        Save history
      </button>
    </div>
  );
}
