export * from './base32.js';
export * from './totp.js';
export * from './secret.js';
