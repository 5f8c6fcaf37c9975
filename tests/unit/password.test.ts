import { describe, expect, it } from "vitest";
import { DUMMY_HASH, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from "@/lib/security/password";

const FORMAT = /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/;
const PASSWORD = "correct horse battery staple";

/** Replaces part `index` of a `scrypt$N$r$p$salt$key` string. */
function withPart(hash: string, index: number, value: string): string {
  const parts = hash.split("$");
  parts[index] = value;
  return parts.join("$");
}
/** Flips one base64url character so the decoded bytes differ. */
function flip(text: string, at: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const i = alphabet.indexOf(text[at]!);
  return text.slice(0, at) + alphabet[i ^ 32] + text.slice(at + 1);
}

describe("hashPassword / verifyPassword", () => {
  let hash: string;

  it("hashes to scrypt$N$r$p$salt$key and verifies the right password only", async () => {
    hash = await hashPassword(PASSWORD);
    expect(hash).toMatch(FORMAT);
    expect(hash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    for (const wrong of ["", "correct horse battery stapl", `${PASSWORD} `, PASSWORD.toUpperCase()]) {
      expect(await verifyPassword(wrong, hash)).toBe(false);
    }
  });

  it("salts every hash: the same password hashes differently and both verify", async () => {
    const again = await hashPassword(PASSWORD);
    expect(again).not.toBe(hash);
    expect(again.split("$")[4]).not.toBe(hash.split("$")[4]);
    expect(await verifyPassword(PASSWORD, again)).toBe(true);
  });

  it("treats composed and decomposed accents as the same password", async () => {
    const composed = "caf\u00e9-password-12";
    const decomposed = "cafe\u0301-password-12";
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it.each([
    ["a flipped key character", (h: string) => withPart(h, 5, flip(h.split("$")[5]!, 0))],
    ["a flipped last key character", (h: string) => withPart(h, 5, flip(h.split("$")[5]!, 42))],
    ["a flipped salt character", (h: string) => withPart(h, 4, flip(h.split("$")[4]!, 3))],
    ["a truncated key", (h: string) => withPart(h, 5, h.split("$")[5]!.slice(0, 40))],
    ["an empty key", (h: string) => withPart(h, 5, "")],
    ["a smaller N", (h: string) => withPart(h, 1, "16384")],
    ["an N above 2^20", (h: string) => withPart(h, 1, String(2 ** 21))],
    ["r = 0", (h: string) => withPart(h, 2, "0")],
    ["r above 32", (h: string) => withPart(h, 2, "64")],
    ["p above 16", (h: string) => withPart(h, 3, "17")],
    ["a non-numeric p", (h: string) => withPart(h, 3, "x")],
    ["another algorithm name", (h: string) => withPart(h, 0, "bcrypt")],
    ["a missing part", (h: string) => h.split("$").slice(0, 5).join("$")],
    ["an extra part", (h: string) => `${h}$extra`],
    ["nothing at all", () => ""],
  ])("refuses a hash with %s", async (_label, tamper) => {
    expect(await verifyPassword(PASSWORD, tamper(hash))).toBe(false);
  });

  it("answers false, not an exception, for a hash whose N is not a power of two", async () => {
    await expect(verifyPassword(PASSWORD, withPart(hash, 1, "30000"))).resolves.toBe(false);
  });
});

describe("DUMMY_HASH", () => {
  it("is well-formed, so checking it costs as much as a real hash", () => {
    expect(DUMMY_HASH).toMatch(FORMAT);
  });

  it.each(["", "password", "AAAAAAAAAAAA", DUMMY_HASH])("never verifies %j", async (password) => {
    expect(await verifyPassword(password, DUMMY_HASH)).toBe(false);
  });
});

it("asks for passwords of at least 12 characters", () => {
  expect(PASSWORD_MIN_LENGTH).toBe(12);
});
