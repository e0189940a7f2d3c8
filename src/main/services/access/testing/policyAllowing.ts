import { LocationPolicy } from '../locationPolicy';

/** A desktop policy that allows exactly these roots: tests name what their services may read. */
export function policyAllowing(...locations: string[]): LocationPolicy {
  const policy = new LocationPolicy('desktop');
  for (const location of locations) policy.allow(location, 'test');
  return policy;
}
