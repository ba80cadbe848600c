/** @module components/progress-bar — an accessible progress bar (0–100). */
/** A progressbar with `aria-valuenow`. */
export function ProgressBar(props: { value: number; label: string; testId?: string }) {
  return (
    <div
      class="progress"
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={props.value}
      data-testid={props.testId}
    >
      <div class="progress-fill" style={{ width: `${props.value}%` }} />
    </div>
  );
}
