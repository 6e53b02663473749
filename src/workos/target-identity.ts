import { createHash } from 'node:crypto';
import type { WorkosTarget } from './client.js';

/**
 * Which WorkOS environment a run talked to, without the key: where requests went, whether the
 * key was a production one, and a one-way fingerprint of the key (12 hex digits of its SHA-256),
 * which tells two keys apart but gives nothing back. WorkOS keys belong to one environment each,
 * so "same URL, same fingerprint" is the same environment.
 */
export interface TargetIdentity {
  baseUrl: string;
  environment: 'live' | 'test';
  keyFingerprint: string;
}

export function targetIdentity(target: WorkosTarget): TargetIdentity {
  return {
    baseUrl: target.baseUrl,
    environment: target.isLive ? 'live' : 'test',
    keyFingerprint: createHash('sha256').update(target.apiKey).digest('hex').slice(0, 12),
  };
}

/** Null when both name the same environment, else why they differ, in words (never a key). */
export function targetMismatch(recorded: TargetIdentity, now: TargetIdentity): string | null {
  if (recorded.baseUrl !== now.baseUrl)
    return `the run went to ${recorded.baseUrl}, this command would go to ${now.baseUrl}`;
  if (recorded.environment !== now.environment)
    return `the run used a ${recorded.environment} key, this command has a ${now.environment} key`;
  if (recorded.keyFingerprint !== now.keyFingerprint)
    return `the run used another API key (fingerprint ${recorded.keyFingerprint}, this one ${now.keyFingerprint}): keys belong to one environment each`;
  return null;
}

export function parseTargetIdentity(text: string | null): TargetIdentity | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<TargetIdentity>;
    if (typeof v.baseUrl === 'string' && typeof v.keyFingerprint === 'string' && v.environment)
      return v as TargetIdentity;
  } catch {
    // A damaged value is treated as unrecorded: undo then refuses, it does not guess.
  }
  return null;
}
