import { ContractError, isCallName, parseCallInput, type CallName } from '../../shared/contract';
import type { CallContext, Handlers } from '../../shared/handlers';

export type Dispatch = (name: unknown, input: unknown, ctx: CallContext) => Promise<unknown>;

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

function toContractError(name: CallName, e: unknown, log: (message: string) => void): ContractError {
  if (e instanceof ContractError) return e;
  const message = e instanceof Error ? e.message : String(e);
  log(`${name} failed: ${e instanceof Error && e.stack ? e.stack : message}`);
  return new ContractError('internal', `${name} failed: ${message}`);
}

export function serializeError(e: unknown): { code: string; message: string } {
  if (e instanceof ContractError) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
