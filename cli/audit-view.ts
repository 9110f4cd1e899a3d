/**
 * Kept only so that web/app.ts, which another change is moving to present/audit.ts, still builds
 * until it does; delete this file then. The formats live in present/audit.ts.
 */
export { formatAudit, type AuditFormat } from '../present/audit';
