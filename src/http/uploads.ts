import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';

/** How long to wait for the multipart parser after the request body has fully arrived. */
const AFTER_END_MS = 1000;

/**
 * Saves the uploaded files of a multipart request to temporary files (removed when the
 * request ends). A body that ends without its closing boundary is refused with 400 rather
 * than leaving the request open.
 */
export async function savedUploads(request: FastifyRequest) {
  if (!request.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the files as multipart/form-data.');
  let timer: NodeJS.Timeout | undefined;
  const truncated = new Promise<never>((_, reject) => {
    const arm = () => {
      timer = setTimeout(
        () => reject(new DomainError('REQUEST_INVALID', 'The multipart body ended without its closing boundary.')),
        AFTER_END_MS,
      );
    };
    if (request.raw.complete) arm();
    else request.raw.once('end', arm);
  });
  try {
    return await Promise.race([request.saveRequestFiles(), truncated]);
  } finally {
    clearTimeout(timer);
  }
}
