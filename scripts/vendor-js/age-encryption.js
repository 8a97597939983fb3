// Entry of the vendored age library: what the station's pages use. bech32 (from
// @scure/base, age's own dependency) reads an identity's 32 bytes, to hold it as a
// non-extractable WebCrypto key.
export { generateIdentity, identityToRecipient, Encrypter, Decrypter } from "age-encryption";
export { bech32 } from "@scure/base";
