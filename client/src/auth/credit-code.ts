// 统一社会信用代码 check (GB 32100-2015): the same algorithm the server applies
// (server/auth/credit-code.ts), so a typo is caught before the form is sent.
export { isValidCreditCode } from '../../../server/auth/credit-code';
