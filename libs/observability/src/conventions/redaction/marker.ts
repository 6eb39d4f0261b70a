/** What a redacted value becomes, everywhere: traces, logs, metrics. */
export const REDACTED = '[REDACTED]';
