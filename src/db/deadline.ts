import { DomainError, type ErrorCode } from '../domain/errors.js';

/**
 * Gives up waiting for database work after `ms`, so a caller gets a quick 503 from a
 * database that has stopped answering instead of hanging. The work itself goes on and
 * settles later; for a decision-log write, a retry with the same applicationId then
 * returns the decision if it did commit.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, code: ErrorCode, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DomainError(code, message)), ms);
  });
  work.catch(() => {}); // settles after the deadline: nobody is waiting any more
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
