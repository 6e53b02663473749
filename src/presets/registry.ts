import { aspnetIdentity } from './aspnet-identity.js';
import { auth0 } from './auth0.js';
import { betterAuth } from './better-auth.js';
import { devise } from './devise.js';
import { django } from './django.js';
import { firebase } from './firebase.js';
import { keycloak } from './keycloak.js';
import { laravel } from './laravel.js';
import { supabase } from './supabase.js';
import type { Preset } from './types.js';
import { wordpress } from './wordpress.js';

/** Every preset, in the order `presets list` shows them: databases first, then export files. */
export const PRESETS: readonly Preset[] = [
  django,
  devise,
  laravel,
  aspnetIdentity,
  wordpress,
  supabase,
  betterAuth,
  keycloak,
  firebase,
  auth0,
];

export function presetNamed(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name.trim().toLowerCase());
}
