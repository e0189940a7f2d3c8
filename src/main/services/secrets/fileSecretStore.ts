import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SecretRefusal, type SecretCipher, type SecretProtection, type SecretStore } from './secretStore';

const fileSchema = z.strictObject({
  format: z.literal('cairn.secrets'),
  version: z.literal(1),
  entries: z.record(z.string(), z.strictObject({ encoding: z.enum(['encrypted', 'plaintext']), data: z.string() })),
});
type SecretsFile = z.output<typeof fileSchema>;

/**
 * Secrets in one JSON file written with mode 0600 (readable by the user only) in a 0700 folder,
 * each entry encrypted by the cipher where one is given and available. Without a cipher (the web
 * host, the CLI) entries are kept in plaintext and the protection says so; with a cipher the OS
 * cannot run, a plaintext entry is written only with the user's consent.
 */
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher | null = null,
  ) {}

  get protection(): SecretProtection {
    if (this.cipher?.isAvailable()) return { encrypted: true, where: `encrypted by ${this.cipher.name}, in ${this.file}`, plaintextNeedsConsent: false };
    if (this.cipher) return { encrypted: false, where: `not encrypted: ${this.cipher.name} is not available on this system; kept in ${this.file}, readable only by you`, plaintextNeedsConsent: true };
    return { encrypted: false, where: `not encrypted on this host: kept in ${this.file}, readable only by you (mode 0600)`, plaintextNeedsConsent: false };
  }

  get(name: string): string | null {
    const entry = this.read().entries[name];
    if (!entry) return null;
    const bytes = Buffer.from(entry.data, 'base64');
    if (entry.encoding === 'plaintext') return bytes.toString('utf8');
    if (!this.cipher?.isAvailable()) throw new SecretRefusal(`${this.file}: "${name}" is encrypted and ${this.cipher?.name ?? 'no cipher'} cannot decrypt it on this host`);
    return this.cipher.decrypt(bytes);
  }

  set(name: string, value: string, options: { allowPlaintext?: boolean } = {}): void {
    const { plaintextNeedsConsent } = this.protection;
    if (plaintextNeedsConsent && !options.allowPlaintext) {
      throw new SecretRefusal(`${this.cipher!.name} is not available on this system, so the secret would be kept unencrypted (in a file readable only by you): not saved without your consent`);
    }
    const encrypt = this.cipher?.isAvailable() ?? false;
    const data = encrypt ? this.cipher!.encrypt(value) : Buffer.from(value, 'utf8');
    const file = this.read();
    this.write({ ...file, entries: { ...file.entries, [name]: { encoding: encrypt ? 'encrypted' : 'plaintext', data: data.toString('base64') } } });
  }

  delete(name: string): void {
    const file = this.read();
    if (!(name in file.entries)) return;
    const entries = { ...file.entries };
    delete entries[name];
    this.write({ ...file, entries });
  }

  names(): string[] {
    return Object.keys(this.read().entries).sort();
  }

  private read(): SecretsFile {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { format: 'cairn.secrets', version: 1, entries: {} };
      throw e;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.file}: not a Cairn secrets file`);
    return parsed.data;
  }

  private write(file: SecretsFile): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(file, null, 1)}\n`, { mode: 0o600 });
    // The mode given at creation is masked by the umask; set it outright before the file takes its name.
    chmodSync(temp, 0o600);
    renameSync(temp, this.file);
  }
}
