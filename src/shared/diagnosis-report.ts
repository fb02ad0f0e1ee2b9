/**
 * A diagnosis as a Markdown report to paste into an issue or a chat. It is built from the
 * Diagnosis alone, which never holds a secret; as a second fence, anything shaped like an
 * Authorization value, a JWT or a docker `auth` blob is masked, and so is every secret the
 * caller knows about.
 */
import type { Diagnosis } from './diagnosis';

const MASKS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '***jwt***'],
  [/("?(?:auth|password|secret|identitytoken|token)"?\s*[:=]\s*)"?[^"\s,}]{4,}"?/gi, '$1***'],
];

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets.filter((s) => s.length >= 4)) out = out.split(secret).join('***');
  for (const [pattern, replacement] of MASKS) out = out.replace(pattern, replacement);
  return out;
}

export function diagnosisMarkdown(
  d: Diagnosis,
  secrets: readonly string[] = [],
  at = new Date(),
): string {
  const lines = [
    `# Berth diagnosis: ${d.image || '(pasted error)'}`,
    '',
    d.healthy
      ? '- **Verdict:** healthy, the image pulls'
      : `- **Cause:** \`${d.cause}\`${d.alternatives.length ? ` (or: ${d.alternatives.map((a) => `\`${a}\``).join(', ')})` : ''}`,
    `- **Summary:** ${d.summary}`,
    `- **Checked:** ${at.toISOString()} (${d.mode})`,
    '',
    '## What to do',
    '',
    ...d.fix.map((f, i) => `${i + 1}. ${f}`),
    ...(d.docs.length ? ['', ...d.docs.map((u) => `- ${u}`)] : []),
    '',
    '## Steps',
    '',
    '| step | result | ms | evidence |',
    '| --- | --- | --- | --- |',
    ...d.steps.map(
      (s) =>
        `| ${s.name} | ${s.ok ? 'ok' : s.expected ? 'refused, as expected' : '**failed**'} | ${s.ms} | ${s.detail.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
    ),
    '',
  ];
  return redact(lines.join('\n'), secrets);
}
