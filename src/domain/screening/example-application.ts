/** The example from the README and the OpenAPI document; it must always be accepted. */
export const exampleApplication = {
  applicationId: 'LOS-2026-000123',
  applicant: {
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '1990-04-12',
    nationalId: { type: 'CCCD', number: '001090012345', country: 'VN' },
    nationality: 'VN',
    phone: '+84901234567',
    email: 'an.nguyen@example.com',
    address: { line1: '12 Lý Thường Kiệt', city: 'Hà Nội', country: 'VN' },
  },
  loan: { amount: 50000000, currency: 'VND', termMonths: 24, purpose: 'consumer' },
  financials: {
    monthlyIncome: 18000000,
    employmentStatus: 'employed',
    employmentYears: 4,
    monthlyDebtPayments: 2500000,
    dependents: 1,
    housing: 'rent',
  },
  creditHistory: {
    openCreditLines: 2,
    delinquencies30d: 0,
    delinquencies60d: 0,
    delinquencies90d: 0,
    revolvingUtilization: 0.35,
    historyMonths: 60,
  },
  attributes: { channel: 'mobile' },
};
