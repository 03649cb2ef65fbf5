import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that may hold secrets or applicant PII. Request bodies are never logged, but
 * anything that reaches a log line by accident under these names is censored.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'apiKey',
  'key',
  '*.apiKey',
  '*.key',
  'applicant',
  '*.applicant',
  'body',
  '*.body',
  'fullName',
  '*.fullName',
  'dateOfBirth',
  '*.dateOfBirth',
  'nationalId',
  '*.nationalId',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'address',
  '*.address',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: { service: 'loan-screening' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
