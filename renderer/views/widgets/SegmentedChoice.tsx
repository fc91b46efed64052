/** A row of buttons of which exactly one is chosen: a radio group drawn as a segmented control. */
export function SegmentedChoice<Option extends string>(props: {
  /** What is being chosen, for assistive technology. */
  label: string;
  options: readonly Option[];
  value: Option;
  onChange: (option: Option) => void;
  /** The text of each button; the option itself when omitted. */
  textOf?: (option: Option) => string;
}) {
  const { label, options, value, onChange, textOf = (option) => option } = props;
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={value === option}
          className={value === option ? 'on' : ''}
          onClick={() => onChange(option)}
        >
          {textOf(option)}
        </button>
      ))}
    </div>
  );
}
