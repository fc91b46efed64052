/**
 * The comparison's settings: which protocols (every one the registry knows), the nemesis, duration,
 * rate and seed; Compare and Stop. Says plainly that the comparison runs on clusters of its own.
 */
import { useState } from 'react';
import { faultKinds, type FaultKind } from '../../../app/contract/checker-vocabulary';
import { comparisonLimits, isComparisonBusy } from '../../../app/contract/comparison-run';
import { protocolNames, type ProtocolName } from '../../../app/protocol/protocol';
import { startComparison, stopComparison } from '../../checker/comparison-actions';
import { protocolColor } from '../../checker/availability-chart-layout';
import { useConsole, useConsoleState } from '../use-console';
import { Choices, NumberField, SeedField } from './form-fields';

interface FormValues {
  protocols: ProtocolName[];
  nemesis: FaultKind[];
  durationSeconds: number;
  rateOpsPerSecond: number;
  /** Empty: the console picks one. */
  seed: string;
}

const initialValues: FormValues = {
  protocols: [...protocolNames],
  nemesis: ['partition'],
  durationSeconds: 20,
  rateOpsPerSecond: 100,
  seed: '',
};

export function ComparisonForm() {
  const consoleHandle = useConsole();
  const [values, setValues] = useState(initialValues);
  const set = (patch: Partial<FormValues>) => setValues((old) => ({ ...old, ...patch }));
  const status = useConsoleState((state) => state.comparison.status);
  const busy = isComparisonBusy(status);
  // Main validates every field and answers out-of-range values with the field and the limit.
  const start = () =>
    void startComparison(consoleHandle, {
      // In the registry's order, whatever order they were ticked in.
      protocols: protocolNames.filter((name) => values.protocols.includes(name)),
      nemesis: values.nemesis,
      durationMs: Math.round(values.durationSeconds * 1000),
      rateOpsPerSecond: values.rateOpsPerSecond,
      ...(values.seed.trim() === '' ? {} : { seed: Number(values.seed) }),
    });
  return (
    <form
      className="checker-form comparison-form"
      aria-label="comparison settings"
      onSubmit={(event) => event.preventDefault()}
    >
      <Choices
        legend="protocols"
        options={protocolNames}
        chosen={values.protocols}
        onChange={(protocols) => set({ protocols })}
        colorOf={protocolColor}
      />
      <Choices
        legend="nemesis"
        options={faultKinds}
        chosen={values.nemesis}
        onChange={(nemesis) => set({ nemesis })}
      />
      <div className="checker-fields">
        <NumberField
          label="duration s"
          value={values.durationSeconds}
          min={comparisonLimits.durationMsMin / 1000}
          max={comparisonLimits.durationMsMax / 1000}
          onChange={(durationSeconds) => set({ durationSeconds })}
        />
        <NumberField
          label="rate /s"
          value={values.rateOpsPerSecond}
          max={comparisonLimits.rateOpsPerSecondMax}
          onChange={(rateOpsPerSecond) => set({ rateOpsPerSecond })}
        />
        <SeedField value={values.seed} onChange={(seed) => set({ seed })} />
      </div>
      <div className="row">
        <button type="button" disabled={busy} onClick={start}>
          Compare
        </button>
        <button
          type="button"
          disabled={status !== 'running'}
          onClick={() => void stopComparison(consoleHandle)}
        >
          Stop
        </button>
      </div>
      <p className="comparison-note small dim">
        Each protocol runs in turn on a fresh six-agent cluster of its own (the default topology, free ports,
        temporary data), with the same workload, seed and fault schedule. Your cluster is left as it is: no
        writes, no faults, nothing stopped; it only shares the machine&apos;s CPU.
      </p>
    </form>
  );
}
