/** The fields the checked-run form and the comparison form both ask for, so they look and read alike. */

/** A whole number between `min` (1 unless said) and `max`; main still validates what is sent. */
export function NumberField(props: {
  label: string;
  value: number;
  min?: number;
  max: number;
  onChange: (value: number) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        min={props.min ?? 1}
        max={props.max}
        value={props.value}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
    </label>
  );
}

/** The workload's seed as typed; empty lets the console pick one. */
export function SeedField(props: { value: string; onChange: (seed: string) => void }) {
  return (
    <label>
      seed
      <input
        type="text"
        inputMode="numeric"
        placeholder="random"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  );
}

/** A checkbox per option (nemesis kinds, protocols); ticking adds it to `chosen`, unticking removes it. */
export function Choices<Option extends string>(props: {
  legend: string;
  options: readonly Option[];
  chosen: readonly Option[];
  onChange: (chosen: Option[]) => void;
  colorOf?: (option: Option) => string;
}) {
  const toggle = (option: Option, on: boolean) =>
    props.onChange(on ? [...props.chosen, option] : props.chosen.filter((other) => other !== option));
  return (
    <fieldset className="checker-nemesis">
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option} style={props.colorOf ? { color: props.colorOf(option) } : undefined}>
          <input
            type="checkbox"
            checked={props.chosen.includes(option)}
            onChange={(event) => toggle(option, event.target.checked)}
          />
          {option}
        </label>
      ))}
    </fieldset>
  );
}
