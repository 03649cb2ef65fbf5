/**
 * The load benchmark's HTTP ceiling, run as its own process: fastify with the service's
 * zod validator on POST /v1/screenings, answering a constant. PORT from the environment.
 */
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { loanApplicationSchema } from '../../src/domain/screening/application.js';

const app = Fastify();
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
app.withTypeProvider<ZodTypeProvider>().post('/v1/screenings', { schema: { body: loanApplicationSchema } }, async () => ({ decision: 'accept' }));
app.get('/readyz', async () => ({ status: 'ready' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
