import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionRepository } from '../../src/db/decision-repository.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Caller } from '../../src/domain/access/roles.js';
import { builtinPolicy } from '../../src/domain/policy/policy-document.js';
import { noBlocklists, noRiskModel, type BlocklistScreener } from '../../src/domain/screening/ports.js';
import { ScreeningService, systemClock } from '../../src/services/screening-service.js';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

// The service against the real decision log; only the lists' loading state is staged.
let service: TestService;
let caller: Caller;
let loading = false;
let screening: ScreeningService;
beforeAll(async () => {
  service = await startTestService();
  caller = { keyId: service.keyIds.originator, name: 'originator', role: 'originator' };
  const blocklists: BlocklistScreener = {
    version: null,
    screen: (application) => {
      if (loading) throw new DomainError('BLOCKLISTS_LOADING', 'The blocklists are still loading; retry shortly.');
      return noBlocklists.screen(application);
    },
  };
  screening = new ScreeningService({
    decisionLog: service.decisionLog,
    decisions: new DecisionRepository(service.database.db, service.cipher),
    blocklists,
    risk: noRiskModel,
    policy: () => builtinPolicy,
    clock: systemClock,
  });
});
afterAll(async () => service?.close());

describe('a retried screening while the lists are loading (after a restart, say)', () => {
  it('gets the decision already logged for it, without screening again', async () => {
    const application = anApplication();
    const first = await screening.screen(caller, application, performance.now());
    loading = true;
    try {
      const retried = await screening.screen(caller, application, performance.now());
      expect(retried).toMatchObject({ replayed: true, decision: { decisionId: first.decision.decisionId } });
    } finally {
      loading = false;
    }
  });

  it('still gets 503 BLOCKLISTS_LOADING for an application never screened, and 409 for a changed body', async () => {
    const application = anApplication();
    await screening.screen(caller, application, performance.now());
    loading = true;
    try {
      await expect(screening.screen(caller, anApplication(), performance.now())).rejects.toMatchObject({ code: 'BLOCKLISTS_LOADING' });
      const changed = { ...application, loan: { ...application.loan, amount: application.loan.amount + 1 } };
      await expect(screening.screen(caller, changed, performance.now())).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    } finally {
      loading = false;
    }
  });
});
