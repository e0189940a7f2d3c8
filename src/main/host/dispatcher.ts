import { ContractError, errorCodes, isCallName, parseCallInput, type CallName } from '../../shared/contract';
import type { CallContext, Handlers } from '../../shared/handlers';

export type Dispatch = (name: unknown, input: unknown, ctx: CallContext) => Promise<unknown>;

/** What a client is told of an error: a code from `errorCodes` and a message, never a stack. */
export interface WireError {
  readonly code: (typeof errorCodes)[number];
  readonly message: string;
}

/**
 * Validates a call from either transport and runs its handler. Whatever goes wrong comes back as
 * a ContractError with a message for the user; the host itself never throws past here.
 */
export function createDispatcher(handlers: Handlers, log: (message: string) => void = console.error): Dispatch {
  return async (name, input, ctx) => {
    if (!isCallName(name)) throw new ContractError('unknown-call', `unknown call "${String(name).slice(0, 80)}"`);
    const parsed = parseCallInput(name, input);
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
    try {
      return await handler(parsed, ctx);
    } catch (e) {
      throw toContractError(name, e, log);
    }
  };
}

/**
 * Everything a caller can cause is a ContractError by the time it gets here; anything else is a
 * bug. Its message may hold paths, file bytes or a stack, so it goes to the host's log only.
 */
function toContractError(name: CallName, e: unknown, log: (message: string) => void): ContractError {
  if (e instanceof ContractError) return e;
  log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return new ContractError('internal', `${name} failed: an internal error on the host (its log has the details)`);
}

const MAX_MESSAGE = 4096;

export function serializeError(e: unknown): WireError {
  if (e instanceof ContractError && (errorCodes as readonly string[]).includes(e.code)) {
    return { code: e.code, message: e.message.length > MAX_MESSAGE ? `${e.message.slice(0, MAX_MESSAGE)}…` : e.message };
  }
  return { code: 'internal', message: 'an internal error on the host' };
}
