import { FormField } from './FormField';
import type { FieldProblem } from './FormField';

/** The platforms registries commonly serve, for `--platform`. */
export const PLATFORMS: readonly string[] = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/386',
  'linux/ppc64le',
  'linux/s390x',
  'linux/riscv64',
  'windows/amd64',
];

export interface ReferenceFieldProps {
  value: string;
  onChange(value: string): void;
  problem: FieldProblem | undefined;
  /** The input's test id; its error line is `${testId}-error`. */
  testId: string;
  placeholder: string;
}

/** "Image": a reference, in monospace, checked by the caller as it is typed. */
export function ReferenceField({
  value,
  onChange,
  problem,
  testId,
  placeholder,
}: ReferenceFieldProps) {
  return (
    <FormField label="Image" problem={problem} testId={testId} grow>
      {({ id, describedBy }) => (
        <input
          id={id}
          className="input mono"
          data-testid={testId}
          placeholder={placeholder}
          value={value}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}

export interface PlatformFieldProps {
  /** '' for the engine's own. */
  value: string;
  onChange(value: string): void;
  testId: string;
  /** The engine's platform when known, so "the engine's" says which it is. */
  enginePlatform?: string | undefined;
}

/** "Platform": the engine's own, or one a registry commonly serves. */
export function PlatformField({ value, onChange, testId, enginePlatform }: PlatformFieldProps) {
  return (
    <FormField label="Platform" problem={undefined} testId={testId}>
      {({ id }) => (
        <select
          id={id}
          className="input"
          data-testid={testId}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">
            {enginePlatform ? `the engine's (${enginePlatform})` : 'the engine’s'}
          </option>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
