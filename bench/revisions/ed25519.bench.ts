import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { parseArgs } from 'node:util';
import sodium from 'sodium-native';

/**
 * The cost of one Ed25519 signature check, OpenSSL (node:crypto) against libsodium (sodium-native,
 * what the verifier uses), on the same signed messages of a revision's size, interleaved run by run
 * so both see the same load. Every check must pass, in both: a library answering false fast would
 * otherwise look quick.
 */
const { values } = parseArgs({ options: { count: { type: 'string', default: '5000' }, repeat: { type: 'string', default: '3' }, bytes: { type: 'string', default: '1100' } } });
const count = Number(values.count);
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
const opensslKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
const messages = Array.from({ length: count }, (_, i) => Buffer.from(`${'x'.repeat(Number(values.bytes))}${i}`));
const signatures = messages.map((m) => sign(null, m, privateKey));

function perCheck(check: (i: number) => boolean): number {
  const started = performance.now();
  let passed = 0;
  for (let i = 0; i < count; i++) if (check(i)) passed++;
  const us = ((performance.now() - started) * 1000) / count;
  if (passed !== count) throw new Error(`${count - passed} of ${count} good signatures failed`);
  return us;
}

console.log(`Ed25519 check of ${values.bytes}-byte messages, ${count} per run, µs per signature`);
console.log('| run | OpenSSL | libsodium | ratio |\n| --- | --- | --- | --- |');
for (let run = 1; run <= Number(values.repeat); run++) {
  const openssl = perCheck((i) => verify(null, messages[i], opensslKey, signatures[i]));
  const libsodium = perCheck((i) => sodium.crypto_sign_verify_detached(signatures[i], messages[i], raw));
  console.log(`| ${run} | ${openssl.toFixed(1)} | ${libsodium.toFixed(1)} | ${(libsodium / openssl).toFixed(2)} |`);
}
