import type { Command } from 'commander';
import { register as assess } from './assess.js';
import { register as hash } from './hash.js';
import { register as emulator } from './emulator.js';
import { register as importCommands } from './import.js';
import { register as demo } from './demo.js';

/** Every top-level command, in the order `--help` lists them. One module per command family. */
export const commands: Array<(program: Command) => void> = [assess, importCommands, hash, emulator, demo];
