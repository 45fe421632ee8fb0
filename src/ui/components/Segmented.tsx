import { useId } from 'react';

export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
  title?: string;
  disabled?: boolean;
}

interface SegmentedProps<T extends string> {
  label: string;
  /** Hide the label visually (still read by screen readers). */
  hideLabel?: boolean;
  value: T | null;
  options: readonly SegmentedOption<T>[];
  onChange: (value: T) => void;
  testId?: string;
  size?: 'sm' | 'md';
}

/** A row of radio buttons that looks like a segmented control. */
export function Segmented<T extends string>({ label, hideLabel, value, options, onChange, testId, size = 'md' }: SegmentedProps<T>) {
  const name = useId();
  return (
    <fieldset className={`segmented segmented--${size}`} data-testid={testId}>
      <legend className={hideLabel ? 'visually-hidden' : 'segmented__legend'}>{label}</legend>
      <div className="segmented__options">
        {options.map((o) => (
          <label key={o.value} className="segmented__option" title={o.title}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              disabled={o.disabled}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
