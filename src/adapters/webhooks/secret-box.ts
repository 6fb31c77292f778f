/**
 * Seals signing secrets at rest with AES-GCM when `WEBHOOK_SECRET_KEY` is set. Without a key secrets are
 * stored as they are (they must stay readable: they sign every delivery). A sealed value is `enc:v1:<base64>`.
 */
const SEALED_PREFIX = "enc:v1:";
const IV_BYTES = 12;

export class SecretBox {
  private keyPromise: Promise<CryptoKey> | undefined;

  constructor(private readonly passphrase: string | undefined) {}

  async seal(secret: string): Promise<string> {
    if (!this.passphrase) return secret;
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv },
      await this.key(),
      new TextEncoder().encode(secret),
    );
    return SEALED_PREFIX + toBase64(concat(iv, new Uint8Array(sealed)));
  }

  /** Opens a sealed value; a plain one (stored before a key was configured) is returned as it is. */
  async open(stored: string): Promise<string> {
    if (!stored.startsWith(SEALED_PREFIX)) return stored;
    if (!this.passphrase) throw new Error("a sealed webhook secret needs WEBHOOK_SECRET_KEY to be opened");
    const bytes = fromBase64(stored.slice(SEALED_PREFIX.length));
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.slice(0, IV_BYTES) },
      await this.key(),
      bytes.slice(IV_BYTES),
    );
    return new TextDecoder().decode(plain);
  }

  /** The AES key is derived from the configured passphrase with HKDF, so any length of passphrase works. */
  private key(): Promise<CryptoKey> {
    this.keyPromise ??= (async () => {
      const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(this.passphrase), "HKDF", false, [
        "deriveKey",
      ]);
      return crypto.subtle.deriveKey(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: new Uint8Array(0),
          info: new TextEncoder().encode("optiblog webhook secrets v1"),
        },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    })();
    return this.keyPromise;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
